package dev.journeys.dsl.draft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The drafter's small vocabulary and the helpers that turn words into ids and back. Internal.
 */
final class Words {

    /** Words that only introduce a noun phrase. */
    static final Set<String> DETERMINERS = Set.of("a", "an", "the", "our", "their", "your", "his", "her", "its",
            "this", "that", "these", "those", "some", "my", "each", "every", "any", "all", "another", "one");

    /** Who a send goes to in a triggered journey: the contact, not a segment. */
    static final Set<String> CONTACT_NOUNS = Set.of("them", "him", "her", "they", "customer", "contact", "lead",
            "person", "user", "visitor", "subscriber", "prospect", "registrant", "attendee", "client", "buyer",
            "shopper", "recipient", "someone", "somebody", "member", "he", "she", "it");

    /** Nouns that make a phrase name a group of people: a segment. */
    static final Set<String> GROUP_NOUNS = Set.of("members", "customers", "subscribers", "fans", "users", "leads",
            "buyers", "shoppers", "people", "contacts", "owners", "segment", "list", "audience", "everyone",
            "everybody", "attendees", "registrants", "clients", "prospects", "visitors", "vips", "patrons",
            "followers", "students", "parents", "guests", "readers", "holders", "lovers", "drinkers", "group",
            "regulars", "newcomers", "members'", "employees", "staff", "partners", "teachers", "teams");

    /** Words that start a new clause when they follow {@code and}. */
    static final Set<String> CLAUSE_VERBS = Set.of("send", "email", "text", "sms", "push", "message", "remind",
            "follow", "wait", "pause", "hold", "stop", "end", "exit", "remove", "create", "alert", "notify", "assign",
            "tag", "flag", "escalate", "update", "let", "exclude", "limit", "then", "if", "otherwise", "give",
            "add", "open", "mark", "inform", "call", "log", "record", "never", "do", "don't", "only", "keep");

    /** Words a marketer writes before the point, dropped at the start of a clause. */
    static final Set<String> FILLERS = Set.of("then", "and", "also", "next", "finally", "afterwards", "afterward",
            "so", "please", "first", "lastly", "later", "after", "now", "immediately");

    private Words() {
    }

    /**
     * Returns a slug of words for an id: lower case, letters and digits joined by {@code -},
     * determiners dropped, at most five words and 40 characters; empty if nothing is left.
     */
    static String slug(List<String> words) {
        List<String> kept = new ArrayList<>();
        for (String word : words) {
            if (kept.size() == 5) {
                break;
            }
            String clean = clean(word);
            if (!clean.isEmpty() && !DETERMINERS.contains(clean)) {
                kept.add(clean);
            }
        }
        String slug = String.join("-", kept);
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
            int dash = slug.lastIndexOf('-');
            slug = dash > 0 ? slug.substring(0, dash) : slug;
        }
        return slug;
    }

    /** Returns a slug of the words of a text, as {@link #slug(List)}. */
    static String slug(String text) {
        return slug(List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
    }

    /** Lower-case ASCII letters and digits, accents dropped ({@code café} is {@code cafe}), other characters as {@code -}. */
    private static String clean(String word) {
        String plain = java.text.Normalizer.normalize(word.length() > 80 ? word.substring(0, 80) : word,
                java.text.Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < plain.length() && out.length() < 40; i++) {
            char c = Character.toLowerCase(plain.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                out.append(c);
            } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** Returns words as a camel-case attribute name: {@code favourite coffee} is {@code favouriteCoffee}. */
    static String camel(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            String clean = clean(word).replace("-", "");
            if (clean.isEmpty() || DETERMINERS.contains(clean)) {
                continue;
            }
            out.append(out.length() == 0 ? clean : Character.toUpperCase(clean.charAt(0)) + clean.substring(1));
        }
        return out.toString();
    }

    /** Returns a duration in words: {@code 2 days}, {@code 1 hour 30 minutes}. */
    static String duration(Duration duration) {
        List<String> parts = new ArrayList<>();
        unit(parts, duration.toDays(), "day");
        unit(parts, duration.toHoursPart(), "hour");
        unit(parts, duration.toMinutesPart(), "minute");
        unit(parts, duration.toSecondsPart(), "second");
        return parts.isEmpty() ? duration.toString() : String.join(" ", parts);
    }

    private static void unit(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }

    /** Returns a text cut to {@code max} characters with an ellipsis, white space collapsed. */
    static String shorten(String text, int max) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() <= max; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.length() > max ? out.substring(0, max - 1).stripTrailing() + "\u2026" : out.toString();
    }
}
