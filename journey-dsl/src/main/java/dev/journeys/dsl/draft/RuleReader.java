package dev.journeys.dsl.draft;

import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the journey-wide rules a request asks for in words: its name, a frequency cap, quiet
 * hours, a re-entry rule, an exclusion and a goal. Each method reads one sort of clause at the
 * cursor and returns it, or nothing and leaves the cursor where it was. Internal; stateless.
 */
final class RuleReader {

    private RuleReader() {
    }

    static List<Clause> name(Cursor c) {
        int start = c.position();
        if (c.accept("call", "name", "title") && c.accept("it", "this", "the", "journey")
                || c.acceptAll("the", "journey", "is", "called") || c.acceptAll("it", "is", "called")
                || c.acceptAll("name", "of", "the", "journey", "is")) {
            c.accept("journey", "flow", "campaign");
            if (c.accept("called", "named", "as")) {
                // "name the journey as"
            }
            int nameAt = c.position();
            while (!c.atEnd() && !c.peek().equals(",")) {
                c.next();
            }
            String name = c.text(nameAt, c.position()).replaceAll("^[\"'\u201c\u2018]+|[\"'\u201d\u2019]+$", "");
            if (!name.isBlank()) {
                return List.of(new Clause.Name(Words.shorten(name, 80), c.textFrom(start)));
            }
        }
        c.reset(start);
        return List.of();
    }

    static List<Clause> cap(Cursor c) {
        int start = c.position();
        c.accept("send", "message", "contact", "email", "text");
        boolean never = c.acceptAll("do", "not") || c.accept("never");
        if (never) {
            c.accept("send", "message", "contact", "email", "text", "exceed");
            c.accept("them", "anyone", "people", "customers");
        }
        boolean limit = c.acceptAll("no", "more", "than") || c.acceptAll("not", "more", "than")
                || c.acceptAll("at", "most") || c.acceptAll("a", "maximum", "of") || c.acceptAll("maximum", "of")
                || c.accept("max", "maximum") || c.acceptAll("up", "to") || never && c.acceptAll("more", "than")
                || c.acceptAll("no", "over") || c.acceptAll("at", "the", "most");
        if (!limit && (c.accept("limit", "cap", "limited", "capped"))) {
            c.accept("it", "them", "sends", "messages", "emails", "texts", "this", "sending", "the", "journey",
                    "contact");
            c.accept("messages", "emails", "sends");
            limit = c.accept("to", "at");
        }
        if (!limit) {
            c.reset(start);
            return List.of();
        }
        Optional<Quantity> count = Quantity.read(c, true);
        if (count.isEmpty()) {
            c.reset(start);
            return List.of();
        }
        Optional<String> channel = Optional.empty();
        String noun = c.peek();
        if (Set.of("email", "emails", "mails").contains(noun)) {
            channel = Optional.of("email");
            c.next();
        } else if (Set.of("text", "texts", "sms", "smss").contains(noun)) {
            channel = Optional.of("sms");
            c.next();
            c.accept("messages", "message");
        } else if (Set.of("push", "pushes", "notifications", "notification").contains(noun)) {
            channel = Optional.of("push");
            c.next();
            c.accept("notifications", "notification", "messages");
        } else {
            c.accept("messages", "message", "sends", "send", "times", "touches", "communications", "touchpoints");
        }
        if (c.lookingAt("per", "contact") || c.lookingAt("per", "person") || c.lookingAt("per", "customer")
                || c.lookingAt("to", "each") || c.lookingAt("to", "a") || c.lookingAt("to", "any")) {
            c.next();
            c.accept("each", "a", "any");
            c.accept("contact", "person", "customer");
        }
        if (!(c.accept("a", "an", "per", "each", "every") || c.acceptAll("in", "a") || c.acceptAll("in", "an")
                || c.acceptAll("in", "any") || c.acceptAll("within", "a") || c.acceptAll("within", "any")
                || c.acceptAll("over", "a") || c.accept("in", "within", "over", "during"))) {
            c.reset(start);
            return List.of();
        }
        c.accept("rolling", "single", "calendar");
        Optional<Quantity> windows = Quantity.read(c, false);
        Duration unit = switch (c.peek()) {
            case "hour", "hours" -> Duration.ofHours(1);
            case "day", "days", "24" -> Duration.ofDays(1);
            case "week", "weeks" -> Duration.ofDays(7);
            case "fortnight" -> Duration.ofDays(14);
            case "month", "months" -> Duration.ofDays(30);
            default -> null;
        };
        if (unit == null) {
            c.reset(start);
            return List.of();
        }
        c.next();
        String text = c.textFrom(start);
        long n = count.get().value();
        long w = windows.map(Quantity::value).orElse(1L);
        if (n < 1 || n > Quantity.MAX) {
            return List.of(new Clause.Unknown(text, "a frequency cap must allow at least one message, and a "
                    + "sensible number of them"));
        }
        if (w < 1 || w > 366) {
            return List.of(new Clause.Unknown(text, "the window of a frequency cap must be positive and at most a year"));
        }
        FrequencyCap cap = FrequencyCap.of((int) n, unit.multipliedBy(w));
        return List.of(new Clause.Cap(channel.map(cap::onChannel).orElse(cap), text));
    }

    static List<Clause> quietHours(Cursor c) {
        int start = c.position();
        if (c.accept("quiet") && c.accept("hours", "time", "period")) {
            c.accept("are", "is", "should", "be", "from", "between", "of");
            c.accept("be", "from", "between");
            c.accept("from", "between");
            return quietWindow(c, start).orElseGet(() -> {
                c.reset(start);
                return List.of();
            });
        }
        c.reset(start);
        boolean no = c.accept("no", "never", "nothing") || c.acceptAll("do", "not") || c.acceptAll("avoid");
        if (!no) {
            return List.of();
        }
        c.accept("send", "sending", "message", "messaging", "contact", "contacting", "email", "text", "disturb");
        c.accept("anything", "messages", "emails", "texts", "sends", "notifications", "them", "anyone", "people",
                "customers", "out");
        c.accept("out");
        if (c.acceptAll("at", "night") || c.accept("overnight") || c.acceptAll("during", "the", "night")
                || c.acceptAll("in", "the", "night")) {
            return List.of(new Clause.Quiet(QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0)),
                    c.textFrom(start)));
        }
        int at = c.position();
        if (c.accept("after", "past")) {
            Optional<LocalTime> from = Calendar.time(c, Calendar.Bias.EVENING);
            if (from.isPresent() && !from.get().equals(LocalTime.of(8, 0))) {
                return List.of(new Clause.Quiet(QuietHours.between(from.get(), LocalTime.of(8, 0)),
                        c.textFrom(start)));
            }
        }
        c.reset(at);
        if (c.accept("before")) {
            Optional<LocalTime> until = Calendar.time(c, Calendar.Bias.MORNING);
            if (until.isPresent() && !until.get().equals(LocalTime.of(21, 0))) {
                return List.of(new Clause.Quiet(QuietHours.between(LocalTime.of(21, 0), until.get()),
                        c.textFrom(start)));
            }
        }
        c.reset(at);
        if (c.accept("between", "from")) {
            return quietWindow(c, start).orElseGet(() -> {
                c.reset(start);
                return List.of();
            });
        }
        c.reset(start);
        return List.of();
    }

    static Optional<List<Clause>> quietWindow(Cursor c, int start) {
        Optional<LocalTime> from = Calendar.time(c, Calendar.Bias.EVENING);
        if (from.isEmpty() || !(c.accept("and", "to", "until", "till", "through", "-"))) {
            return Optional.empty();
        }
        Optional<LocalTime> until = Calendar.time(c, Calendar.Bias.MORNING);
        if (until.isEmpty()) {
            return Optional.empty();
        }
        c.accept("local", "their");
        c.accept("time");
        if (from.get().equals(until.get())) {
            return Optional.of(List.of(new Clause.Unknown(c.textFrom(start),
                    "quiet hours need a start and an end that differ")));
        }
        return Optional.of(List.of(new Clause.Quiet(QuietHours.between(from.get(), until.get()), c.textFrom(start))));
    }

    static List<Clause> reentry(Cursor c) {
        int start = c.position();
        if (c.acceptAll("no", "re-entry") || c.acceptAll("no", "reentry")) {
            return List.of(new Clause.Reentry(ReentryRule.never(), "a contact enters once only", c.textFrom(start)));
        }
        boolean prevent = c.acceptAll("do", "not") || c.accept("never");
        if (prevent && c.accept("let", "allow")) {
            c.accept("anyone", "people", "contacts", "them", "someone", "customers", "a", "anybody");
            c.accept("contact", "customer", "person");
            c.accept("to");
            if (c.accept("enter", "join", "re-enter", "reenter", "start", "repeat") || c.acceptAll("go", "through")) {
                c.accept("it", "this", "the");
                c.accept("journey", "flow");
                if (c.accept("again", "twice") || c.acceptAll("more", "than", "once")) {
                    return List.of(new Clause.Reentry(ReentryRule.never(), "a contact enters once only",
                            c.textFrom(start)));
                }
            }
            c.reset(start);
            return List.of();
        }
        c.reset(start);
        c.accept("contacts", "people", "customers", "someone", "anyone", "they", "everyone", "leads");
        c.acceptAll("each", "person");
        c.acceptAll("each", "contact");
        c.acceptAll("a", "contact");
        c.accept("can", "may", "should", "will");
        boolean only = c.accept("only");
        boolean verb = c.accept("enter", "join", "start", "re-enter", "reenter") || c.acceptAll("go", "through");
        c.accept("the", "this", "it");
        c.accept("journey", "flow");
        only |= c.accept("only");
        if (verb && (c.accept("once") || c.acceptAll("one", "time"))) {
            c.acceptAll("per", "person");
            c.acceptAll("per", "contact");
            c.accept("ever");
            return List.of(new Clause.Reentry(ReentryRule.never(), "a contact enters once only", c.textFrom(start)));
        }
        if (verb && (c.acceptAll("at", "most", "once") || c.acceptAll("no", "more", "than", "once")
                || c.acceptAll("once"))) {
            c.accept("a", "an", "per", "every", "each");
            Optional<Span> span = Span.read(c);
            if (span.isEmpty()) {
                Duration unit = switch (c.peek()) {
                    case "day" -> Duration.ofDays(1);
                    case "week" -> Duration.ofDays(7);
                    case "month" -> Duration.ofDays(30);
                    case "hour" -> Duration.ofHours(1);
                    default -> null;
                };
                if (unit != null) {
                    c.next();
                    span = Optional.of(new Span(unit, c.sentence().words().get(c.position() - 1).text(),
                            Optional.empty(), Optional.empty()));
                }
            }
            if (span.isPresent() && span.get().usable()) {
                Duration coolDown = span.get().duration();
                return List.of(new Clause.Reentry(ReentryRule.afterExit().withCoolDownSinceEntry(coolDown),
                        "a contact enters again at most once per " + Words.duration(coolDown), c.textFrom(start)));
            }
        }
        c.reset(start);
        if (c.accept("only", "just") && c.accept("once")) {
            if (c.accept("per", "for", "each") || c.acceptAll("for", "each")) {
                c.accept("each");
                if (c.accept("person", "contact", "customer", "lead", "subscriber", "user")) {
                    return List.of(new Clause.Reentry(ReentryRule.never(), "a contact enters once only",
                            c.textFrom(start)));
                }
            }
        }
        c.reset(start);
        return List.of();
    }

    static List<Clause> exclusion(Cursor c) {
        int start = c.position();
        if (!(c.accept("exclude", "excluding", "except", "without") || c.acceptAll("leave", "out")
                || c.acceptAll("do", "not", "include") || c.acceptAll("not", "including")
                || c.acceptAll("but", "not") || c.acceptAll("do", "not", "send", "to")
                || c.acceptAll("never", "send", "to") || c.acceptAll("keep", "out"))) {
            return List.of();
        }
        c.accept("for");
        int phraseAt = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && !Happenings.boundary(c) && words.size() < 12) {
            words.add(c.next());
        }
        if (words.isEmpty() || words.stream().allMatch(w -> Words.DETERMINERS.contains(w)
                || Words.CONTACT_NOUNS.contains(w))) {
            c.reset(start);
            return List.of();
        }
        String phrase = c.text(phraseAt, c.position());
        return List.of(new Clause.Exclude(new Asset(Placeholder.Kind.SEGMENT, ClauseReader.segmentSlug(words), phrase),
                c.textFrom(start)));
    }

    static List<Clause> goal(Cursor c) {
        int start = c.position();
        boolean goal = false;
        c.accept("the", "our", "my", "a", "main");
        if (c.accept("goal", "conversion", "objective", "aim", "success")) {
            c.accept("is", "will", "should");
            c.accept("be");
            c.acceptAll("for", "them", "to");
            c.acceptAll("that", "they");
            c.acceptAll("to", "get", "them", "to");
            c.accept("when", "to");
            goal = true;
        } else {
            c.reset(start);
            if (c.accept("count", "track", "treat", "measure")) {
                goal = true;
            }
        }
        if (!goal) {
            c.reset(start);
            return List.of();
        }
        Optional<Happenings.Read> read = Happenings.read(c, false);
        if (read.isEmpty()) {
            read = Happenings.readCustom(c);
        }
        if (read.isEmpty() || read.get().negated()) {
            c.reset(start);
            return List.of();
        }
        if (c.accept("as")) {
            c.accept("a", "an", "the", "our");
            c.accept("goal", "conversion", "conversions", "success");
        }
        return List.of(new Clause.Goal(read.get().happening(), c.textFrom(start)));
    }
}
