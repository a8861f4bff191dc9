package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what makes a path fork or end: conditions ("if they open it within 3 days", "if they are
 * a loyalty member"), "when/after X", "otherwise" and "do nothing", and stops ("stop if they
 * purchase"). Each method reads one sort of clause at the cursor and returns it, or nothing and
 * leaves the cursor where it was. Internal; stateless.
 */
final class ConditionReader {

    private ConditionReader() {
    }

    /** "Do nothing", "nothing": the case has no step. */
    static List<Clause> nothing(Cursor c) {
        int start = c.position();
        if (c.acceptAll("do", "nothing") || c.acceptAll("nothing", "happens") || c.acceptAll("no", "action")
                || c.acceptAll("leave", "them", "alone") || c.acceptAll("leave", "them", "be")
                || c.acceptAll("take", "no", "action") || c.acceptAll("do", "not", "do", "anything")
                || c.accept("nothing") && (c.atEnd() || Happenings.boundary(c))) {
            c.accept("else", "more");
            return List.of(new Clause.Nothing(c.textFrom(start)));
        }
        c.reset(start);
        return List.of();
    }

    static List<Clause> otherwise(Cursor c) {
        int start = c.position();
        if (c.accept("otherwise", "else") || c.acceptAll("or", "else") || c.acceptAll("if", "not")
                || c.acceptAll("for", "everyone", "else") || c.acceptAll("for", "the", "rest")
                || c.acceptAll("for", "all", "others") || c.acceptAll("for", "everybody", "else")
                || c.acceptAll("for", "others") || c.acceptAll("if", "they", "do", "nothing")
                || c.acceptAll("if", "not", "then")) {
            c.accept("then");
            return List.of(new Clause.Otherwise(c.textFrom(start)));
        }
        if (c.accept("if", "those", "anyone", "people")) {
            c.accept("who");
            Happenings.subject(c);
            if (Happenings.negation(c) && (c.atEnd() || Happenings.boundary(c)
                    || Set.of("send", "wait", "stop", "end", "email", "text", "remind", "follow").contains(c.peek()))) {
                return List.of(new Clause.Otherwise(c.textFrom(start)));
            }
        }
        c.reset(start);
        return List.of();
    }

    static List<Clause> stop(Cursor c) {
        int start = c.position();
        List<Clause> group = stopByGroup(c);
        if (!group.isEmpty()) {
            return group;
        }
        c.reset(start);
        if (!(c.accept("stop", "end", "exit", "cancel", "halt", "finish") || c.acceptAll("take", "them", "out")
                || c.acceptAll("pull", "them", "out") || c.acceptAll("remove", "them") || c.acceptAll("drop", "them")
                || c.accept("remove"))) {
            return List.of();
        }
        c.accept("the", "this", "it", "everything", "sending", "all", "them", "there", "here");
        c.accept("journey", "flow", "sequence", "messages", "emails", "campaign", "messaging", "contact", "them",
                "it", "everything");
        if (c.accept("for", "from", "of")) {
            c.accept("them", "that", "the", "this");
            c.accept("contact", "person", "journey", "customer");
        }
        if (c.atEnd() || Happenings.boundary(c) && !c.lookingAt("if") && !c.lookingAt("when")
                && !c.lookingAt("unless") && !c.lookingAt("whenever")) {
            return List.of(new Clause.Stop(Optional.empty(), c.textFrom(start)));
        }
        boolean unless = c.accept("unless");
        if (!(unless || c.accept("if", "when", "once", "whenever", "after", "on") || c.acceptAll("as", "soon", "as")
                || c.acceptAll("the", "moment") || c.acceptAll("as", "soon", "as") || c.acceptAll("in", "case"))) {
            c.reset(start);
            return List.of();
        }
        int triggerAt = c.position();
        Optional<Happenings.Read> read = Happenings.read(c, true);
        if (read.isEmpty()) {
            read = Happenings.readCustom(c);
        }
        if (read.isEmpty()) {
            while (!c.atEnd() && !Happenings.boundary(c)) {
                c.next();
            }
            return List.of(new Clause.Unknown(c.textFrom(start), "the drafter does not know the event that should "
                    + "stop the journey in '" + c.textFrom(triggerAt) + "': name a purchase, a qualified lead, a "
                    + "form, a registration, or an event such as 'the subscription-cancelled event'"));
        }
        Optional<Span> window = window(c);
        List<Clause> out = new ArrayList<>();
        Happenings.Read happened = read.get();
        happened.unused().ifPresent(unused -> out.add(new Clause.Unknown(unused, unusedReason(happened))));
        boolean negated = read.get().negated() ^ unless;
        if (read.get().happening().isEngagement() || negated || window.isPresent()) {
            out.add(new Clause.If(read.get().happening(), negated, window, c.text(triggerAt, c.position())));
            out.add(new Clause.Stop(Optional.empty(), c.textFrom(start)));
        } else {
            out.add(new Clause.Stop(Optional.of(read.get().happening()), c.textFrom(start)));
        }
        return out;
    }

    /** "Anyone who buys leaves the journey", "a purchase ends the journey". */
    static List<Clause> stopByGroup(Cursor c) {
        int start = c.position();
        if (c.accept("anyone", "people", "contacts", "customers", "those", "someone", "everyone", "whoever")) {
            c.accept("who", "that");
        }
        Optional<Happenings.Read> read = Happenings.read(c, false);
        if (read.isEmpty() || read.get().negated()) {
            return List.of();
        }
        c.accept("should", "will");
        if (c.accept("leave", "leaves", "exit", "exits", "ends", "end", "stops", "stop", "finishes")
                || c.acceptAll("drop", "out") || c.acceptAll("drops", "out") || c.acceptAll("is", "removed")
                || c.acceptAll("are", "removed") || c.acceptAll("be", "removed") || c.acceptAll("get", "removed")) {
            c.accept("the", "this", "it", "everything", "from", "them");
            c.accept("journey", "flow", "the", "this");
            c.accept("journey", "flow");
            c.acceptAll("at", "once");
            c.accept("immediately");
            return List.of(new Clause.Stop(Optional.of(read.get().happening()), c.textFrom(start)));
        }
        return List.of();
    }

    static List<Clause> condition(Cursor c) {
        int start = c.position();
        boolean unless = c.accept("unless");
        if (!unless && !(c.accept("if") || c.acceptAll("in", "case") || c.acceptAll("provided", "that")
                || c.accept("provided") || c.acceptAll("as", "long", "as") || c.acceptAll("only", "if"))) {
            boolean group = c.accept("those", "anyone", "people", "contacts", "customers", "everyone", "whoever")
                    && c.accept("who", "that");
            if (!group) {
                c.reset(start);
                group = c.accept("for") && c.accept("those", "anyone", "people", "contacts", "customers")
                        && c.accept("who", "that");
            }
            if (!group) {
                c.reset(start);
                return List.of();
            }
        }
        int testAt = c.position();
        c.accept("still");
        Optional<Happenings.Read> read = Happenings.read(c, true);
        if (read.isEmpty()) {
            c.reset(testAt);
            List<Clause> test = test(c, start, unless);
            if (!test.isEmpty()) {
                return test;
            }
            c.reset(testAt);
            read = Happenings.readCustom(c);
        }
        if (read.isEmpty()) {
            c.reset(testAt);
            while (!c.atEnd() && !Happenings.boundary(c) && !Set.of("send", "wait", "stop", "end")
                    .contains(c.peek())) {
                c.next();
            }
            return List.of(new Clause.Unknown(c.textFrom(start), "a condition the drafter cannot test: it knows "
                    + "opens, clicks, purchases, registrations, forms, qualified leads, segment membership ('if they "
                    + "are a loyalty member') and attributes ('if their tier is gold')"));
        }
        Optional<Span> window = window(c);
        List<Clause> out = new ArrayList<>();
        if (window.isPresent() && !window.get().usable()) {
            out.add(new Clause.Unknown(window.get().text(), window.get().problem().orElseThrow()));
            window = Optional.empty();
        }
        Happenings.Read happened = read.get();
        happened.unused().ifPresent(unused -> out.add(new Clause.Unknown(unused, unusedReason(happened))));
        out.add(new Clause.If(read.get().happening(), read.get().negated() ^ unless, window, c.textFrom(start)));
        c.accept("then");
        return out;
    }

    static String unusedReason(Happenings.Read read) {
        return "the drafter does not filter '" + read.happening().eventType() + "' events by what they are about: "
                + "any one counts; add a filter by hand if only some should";
    }

    /** "If they are a loyalty member", "if their tier is gold", "if they live in Texas". */
    static List<Clause> test(Cursor c, int start, boolean unless) {
        int at = c.position();
        if (c.accept("their", "his", "her", "the")) {
            int attrAt = c.position();
            List<String> attribute = new ArrayList<>();
            while (!c.atEnd() && attribute.size() < 4 && !c.peek().equals("is") && !c.peek().equals("are")
                    && !c.peek().equals("equals") && !c.peek().equals("was") && !Happenings.boundary(c)) {
                attribute.add(c.next());
            }
            if (!attribute.isEmpty() && !(attribute.size() == 1 && Words.CONTACT_NOUNS.contains(attribute.get(0)))
                    && c.accept("is", "are", "equals", "was")) {
                String name = Words.camel(attribute);
                boolean negated = c.accept("not") ^ unless;
                Optional<Condition> condition = comparison(c, name);
                if (condition.isPresent() && !name.isEmpty()) {
                    return List.of(new Clause.Test(Optional.empty(), condition, negated, "contact attribute '" + name
                            + "', read from '" + c.text(attrAt, attrAt + attribute.size()) + "'", c.textFrom(start)));
                }
            }
        }
        c.reset(at);
        Happenings.subject(c);
        boolean negated = unless;
        int verbAt = c.position();
        boolean membership = false;
        if (c.accept("are", "is", "were", "was")) {
            negated ^= c.accept("not");
            if (c.acceptAll("a", "member", "of") || c.acceptAll("members", "of") || c.acceptAll("part", "of")
                    || c.accept("in", "on", "among", "within") || c.acceptAll("one", "of")) {
                membership = true;
            } else if (c.accept("a", "an") || Words.DETERMINERS.contains(c.peek()) || c.peek().equals("vip")
                    || c.peek().equals("vips")) {
                membership = true;
            }
        } else if (c.accept("belong", "belongs") && c.accept("to")) {
            membership = true;
        } else if (c.accept("do", "does") && c.accept("not")) {
            negated ^= true;
            membership = c.accept("belong") && c.accept("to") || c.accept("live") && c.accept("in");
        } else if (c.accept("live", "lives") && c.accept("in")) {
            membership = true;
        }
        if (!membership) {
            c.reset(at);
            return List.of();
        }
        int phraseAt = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && !Happenings.boundary(c) && words.size() < 8 && !Set.of("send", "wait", "stop")
                .contains(c.peek())) {
            words.add(c.next());
        }
        if (words.isEmpty() || words.stream().allMatch(Words.DETERMINERS::contains)) {
            c.reset(at);
            return List.of();
        }
        String phrase = c.text(phraseAt, c.position());
        return List.of(new Clause.Test(Optional.of(new Asset(Placeholder.Kind.SEGMENT, ClauseReader.segmentSlug(words), phrase)),
                Optional.empty(), negated, "segment membership, read from '" + c.text(verbAt, c.position()) + "'",
                c.textFrom(start)));
    }

    static Optional<Condition> comparison(Cursor c, String name) {
        int at = c.position();
        String op = "";
        if (c.accept("over", "above") || c.acceptAll("more", "than") || c.acceptAll("greater", "than")
                || c.acceptAll("higher", "than")) {
            op = ">";
        } else if (c.acceptAll("at", "least")) {
            op = ">=";
        } else if (c.accept("under", "below") || c.acceptAll("less", "than") || c.acceptAll("fewer", "than")
                || c.acceptAll("lower", "than")) {
            op = "<";
        } else if (c.acceptAll("at", "most")) {
            op = "<=";
        } else {
            c.accept("equal");
            c.accept("to");
        }
        int valueAt = c.position();
        List<String> value = new ArrayList<>();
        while (!c.atEnd() && !Happenings.boundary(c) && value.size() < 6 && !Set.of("send", "wait", "stop")
                .contains(c.peek())) {
            value.add(c.next());
        }
        if (value.isEmpty()) {
            c.reset(at);
            return Optional.empty();
        }
        String text = c.text(valueAt, c.position()).replaceAll("^[\"'\u201c\u2018]+|[\"'\u201d\u2019]+$", "");
        Object expected = value.size() == 1 && new Word(value.get(0), 0, 0).isDigits() && value.get(0).length() < 12
                ? (Object) Long.parseLong(value.get(0))
                : value.size() == 1 && Set.of("true", "yes").contains(value.get(0)) ? (Object) Boolean.TRUE
                : value.size() == 1 && Set.of("false", "no").contains(value.get(0)) ? (Object) Boolean.FALSE
                : text;
        if (!op.isEmpty() && !(expected instanceof Long)) {
            c.reset(at);
            return Optional.empty();
        }
        return Optional.of(switch (op) {
            case ">" -> Condition.attribute(name).isGreaterThan(expected);
            case ">=" -> Condition.attribute(name).isAtLeast(expected);
            case "<" -> Condition.attribute(name).isLessThan(expected);
            case "<=" -> Condition.attribute(name).isAtMost(expected);
            default -> Condition.attribute(name).isEqualTo(expected);
        });
    }

    static List<Clause> when(Cursor c) {
        int start = c.position();
        if (!(c.accept("when", "whenever", "once", "after", "upon", "on") || c.acceptAll("as", "soon", "as")
                || c.acceptAll("right", "after") || c.acceptAll("each", "time") || c.acceptAll("every", "time")
                || c.acceptAll("the", "moment") || c.acceptAll("straight", "after") || c.acceptAll("just", "after")
                || c.acceptAll("for", "every") || c.acceptAll("for", "each") || c.acceptAll("every", "time"))) {
            return List.of();
        }
        int at = c.position();
        if (Span.read(c).isPresent()) {
            c.reset(start);
            return List.of();
        }
        c.reset(at);
        Optional<Happenings.Read> read = Happenings.read(c, true);
        if (read.isEmpty()) {
            read = Happenings.readCustom(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
            return List.of();
        }
        Optional<Span> window = window(c);
        List<Clause> out = new ArrayList<>();
        Happenings.Read happened = read.get();
        happened.unused().ifPresent(unused -> out.add(new Clause.Unknown(unused, unusedReason(happened))));
        out.add(new Clause.When(read.get().happening(), read.get().negated(), window, c.textFrom(start)));
        return out;
    }

    /** A condition's window: "within 3 days", "in 48 hours", "by the next day", "after a week". */
    static Optional<Span> window(Cursor c) {
        int start = c.position();
        Optional<Span> later = Span.read(c);
        if (later.isPresent() && (c.accept("later", "afterwards") || c.acceptAll("from", "now")
                || c.acceptAll("after", "that"))) {
            return later;
        }
        c.reset(start);
        if (c.accept("within", "in", "by", "during", "after", "over", "for", "before")) {
            c.accept("the", "a");
            c.accept("first", "next", "following");
            int spanAt = c.position();
            Optional<Span> span = Span.read(c);
            if (span.isEmpty()) {
                c.reset(spanAt);
                if (c.accept("day", "week")) {
                    Duration unit = c.sentence().words().get(c.position() - 1).is("day") ? Duration.ofDays(1)
                            : Duration.ofDays(7);
                    span = Optional.of(new Span(unit, c.textFrom(spanAt), Optional.empty(), Optional.empty()));
                }
            }
            if (span.isPresent()) {
                c.accept("later", "after", "afterwards");
                return span;
            }
        }
        c.reset(start);
        return Optional.empty();
    }
}
