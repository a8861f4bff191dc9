package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the clauses of one sentence. At each point it tries every sort of clause it knows, in a
 * fixed order; words no sort accepts are skipped up to the next point where a clause may start
 * (a comma, {@code then}, {@code and} before a verb, {@code if}, {@code send}...) and reported
 * as not understood. Every step moves forward, so a sentence of n words costs O(n) tries, each
 * reading at most the rest of the sentence, which is capped. Internal; not thread-safe.
 */
final class ClauseReader {

    static final String NOT_KNOWN = "not a step, an entry, a condition, a stop or a rule the drafter knows";

    private static final String INTERNAL_RECIPIENT = "a send goes to the contact in the journey, so this one was "
            + "left out; to tell your own team, write an action such as 'alert the sales team'";

    private static final Set<String> RESYNC = Set.of(",", "then", "if", "unless", "otherwise", "when", "whenever",
            "send", "wait", "stop", "create", "alert", "notify", "remind", "exclude", "email", "text");
    private static final Set<String> CHANNEL_NOUNS = Set.of("email", "emails", "mail", "sms", "text", "texts",
            "message", "messages", "notification", "notifications", "push", "mailing");
    /** Words that say how or when, not what: dropped from a message's name. */
    private static final Set<String> NOT_NAMES = Set.of("instead", "too", "also", "please", "now", "again",
            "anyway", "afterwards");
    private static final Set<String> INTERNAL = Set.of("team", "sales", "manager", "managers", "rep", "reps",
            "queue", "me", "us", "agent", "agents", "admin", "admins", "owner", "desk", "support", "marketing",
            "crm", "slack");
    private static final Set<String> ACTION_VERBS = Set.of("create", "alert", "notify", "assign", "tag", "flag",
            "escalate", "update", "add", "mark", "inform", "log", "record", "tell", "call", "route", "hand",
            "schedule", "move", "open", "ping", "enroll", "enrol", "subscribe", "give", "award", "grant",
            "apply", "issue");

    private final Calendar calendar;

    ClauseReader(Calendar calendar) {
        this.calendar = calendar;
    }

    /**
     * Reads a sentence.
     *
     * @param sentence the sentence
     * @param maxWords the most words a sentence may have to be read
     * @return its clauses, in order
     */
    List<Clause> read(Sentence sentence, int maxWords) {
        if (sentence.words().size() > maxWords) {
            return List.of(new Clause.Unknown(sentence.text(), "the sentence has more than " + maxWords
                    + " words, more than the drafter reads in one sentence: split it into shorter sentences"));
        }
        Cursor c = new Cursor(sentence);
        List<Clause> out = new ArrayList<>();
        while (true) {
            skipFillers(c);
            if (c.atEnd()) {
                break;
            }
            int start = c.position();
            List<Clause> got = clause(c, out);
            if (got.isEmpty() || c.position() == start) {
                c.reset(start);
                c.next();
                while (!c.atEnd() && !RESYNC.contains(c.peek()) && !Happenings.boundary(c)) {
                    c.next();
                }
                add(out, new Clause.Unknown(c.textFrom(start), NOT_KNOWN));
            } else {
                got.forEach(clause -> add(out, clause));
            }
        }
        return out;
    }

    /** Adds a clause, merging it into an unknown one before it if both are unknown. */
    private static void add(List<Clause> out, Clause clause) {
        if (clause instanceof Clause.Unknown unknown && !out.isEmpty()
                && out.get(out.size() - 1) instanceof Clause.Unknown before && before.reason().equals(NOT_KNOWN)
                && unknown.reason().equals(NOT_KNOWN)) {
            out.set(out.size() - 1, new Clause.Unknown(before.text() + " " + unknown.text(), NOT_KNOWN));
        } else {
            out.add(clause);
        }
    }

    private void skipFillers(Cursor c) {
        while (!c.atEnd()) {
            int at = c.position();
            if (c.accept(",", "then", "and", "also", "finally", "afterwards", "afterward", "so", "please", "first",
                    "firstly", "lastly", "now", "immediately", "instantly", "just", "additionally", "plus",
                    "second", "secondly", "third", "thirdly")
                    || c.acceptAll("after", "that") || c.acceptAll("after", "this") || c.acceptAll("right", "away")
                    || c.acceptAll("straight", "away") || c.acceptAll("at", "once") || c.acceptAll("let", "us")
                    || c.acceptAll("make", "sure", "to") || c.acceptAll("be", "sure", "to")
                    || c.acceptAll("remember", "to") || c.acceptAll("do", "not", "forget", "to")
                    || c.acceptAll("go", "ahead", "and") || c.acceptAll("right", "after", "that")) {
                continue;
            }
            if (c.accept("next") && !c.peek().equals("day") && !c.peek().equals("week") && !c.peek().equals("morning")
                    && Calendar.weekday(c.peek()).isEmpty()) {
                continue;
            }
            c.reset(at);
            if (subject(c)) {
                continue;
            }
            c.reset(at);
            break;
        }
    }

    /** "We", "I would like to", "the journey should": a subject that only introduces what to do. */
    private static boolean subject(Cursor c) {
        boolean person = c.accept("we", "i", "you");
        boolean journey = !person && (c.accept("it", "this") || c.acceptAll("the", "journey")
                || c.acceptAll("the", "flow") || c.acceptAll("this", "journey") || c.acceptAll("the", "campaign"));
        if (!person && !journey) {
            return false;
        }
        if (modal(c)) {
            return true;
        }
        return person && Set.of("send", "wait", "email", "text", "create", "alert", "notify", "remind", "stop",
                "end", "exclude", "follow", "limit", "never").contains(c.peek());
    }

    private static boolean modal(Cursor c) {
        return c.accept("will", "should", "must", "can", "could", "shall") || c.acceptAll("want", "to")
                || c.acceptAll("would", "like", "to") || c.acceptAll("need", "to") || c.acceptAll("are", "going", "to")
                || c.acceptAll("is", "going", "to") || c.acceptAll("have", "to") || c.acceptAll("wants", "to")
                || c.acceptAll("needs", "to") || c.acceptAll("has", "to") || c.acceptAll("would");
    }

    private List<Clause> clause(Cursor c, List<Clause> before) {
        int start = c.position();
        for (Reader reader : readers(before)) {
            c.reset(start);
            List<Clause> got = reader.read(c);
            if (!got.isEmpty() && c.position() > start) {
                return got;
            }
        }
        c.reset(start);
        return List.of();
    }

    /** One sort of clause. */
    private interface Reader {
        List<Clause> read(Cursor c);
    }

    private List<Reader> readers(List<Clause> before) {
        boolean afterCondition = !before.isEmpty() && (before.get(before.size() - 1) instanceof Clause.If
                || before.get(before.size() - 1) instanceof Clause.Test
                || before.get(before.size() - 1) instanceof Clause.Otherwise);
        return List.of(this::otherwise, this::nothing, this::name, this::cap, this::quietHours, this::reentry, this::exclusion,
                this::goal, this::stop, this::condition, this::when, this::waitClause, this::date,
                c -> send(c, afterCondition), this::action);
    }

    // ---- otherwise ---------------------------------------------------------------------------

    /** "Do nothing", "nothing": the case has no step. */
    private List<Clause> nothing(Cursor c) {
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

    private List<Clause> otherwise(Cursor c) {
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

    // ---- governance --------------------------------------------------------------------------

    private List<Clause> name(Cursor c) {
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

    private List<Clause> cap(Cursor c) {
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

    private List<Clause> quietHours(Cursor c) {
        int start = c.position();
        if (c.accept("quiet") && c.accept("hours", "time", "period")) {
            c.accept("are", "is", "should", "be", "from", "between", "of");
            c.accept("be", "from", "between");
            c.accept("from", "between");
            return window(c, start).orElseGet(() -> {
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
            return window(c, start).orElseGet(() -> {
                c.reset(start);
                return List.of();
            });
        }
        c.reset(start);
        return List.of();
    }

    private Optional<List<Clause>> window(Cursor c, int start) {
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

    private List<Clause> reentry(Cursor c) {
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

    private List<Clause> exclusion(Cursor c) {
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
        return List.of(new Clause.Exclude(new Asset(Placeholder.Kind.SEGMENT, segmentSlug(words), phrase),
                c.textFrom(start)));
    }

    private List<Clause> goal(Cursor c) {
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

    // ---- stops, conditions and entries -------------------------------------------------------

    private List<Clause> stop(Cursor c) {
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
    private List<Clause> stopByGroup(Cursor c) {
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

    private List<Clause> condition(Cursor c) {
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

    private static String unusedReason(Happenings.Read read) {
        return "the drafter does not filter '" + read.happening().eventType() + "' events by what they are about: "
                + "any one counts; add a filter by hand if only some should";
    }

    /** "If they are a loyalty member", "if their tier is gold", "if they live in Texas". */
    private List<Clause> test(Cursor c, int start, boolean unless) {
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
        return List.of(new Clause.Test(Optional.of(new Asset(Placeholder.Kind.SEGMENT, segmentSlug(words), phrase)),
                Optional.empty(), negated, "segment membership, read from '" + c.text(verbAt, c.position()) + "'",
                c.textFrom(start)));
    }

    private static Optional<Condition> comparison(Cursor c, String name) {
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

    private List<Clause> when(Cursor c) {
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
    private static Optional<Span> window(Cursor c) {
        int start = c.position();
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

    // ---- waits and dates ---------------------------------------------------------------------

    private List<Clause> waitClause(Cursor c) {
        int start = c.position();
        boolean give = c.acceptAll("give", "them") || c.acceptAll("give", "it");
        if (give) {
            Optional<Span> span = Span.read(c);
            if (span.isEmpty()) {
                c.reset(start);
                return List.of();
            }
            return List.of(span(span.get(), c.textFrom(start)));
        }
        if (c.accept("wait", "pause", "delay", "hold")) {
            c.accept("them", "on", "it");
            c.accept("for", "about", "around", "roughly", "approximately", "exactly");
            int spanAt = c.position();
            if (c.accept("until", "till", "til") || c.acceptAll("up", "until")) {
                return waitUntil(c, start);
            }
            c.reset(spanAt);
            if (c.acceptAll("a", "while") || c.acceptAll("a", "bit") || c.acceptAll("some", "time")
                    || c.acceptAll("a", "little") || c.accept("awhile", "later") || c.acceptAll("a", "moment")) {
                return List.of(new Clause.Unknown(c.textFrom(start), "'" + c.textFrom(spanAt) + "' is not a length of "
                        + "time: say how long, such as 'two days' or '48 hours'"));
            }
            c.reset(spanAt);
            Optional<Span> span = Span.readMore(c);
            if (span.isEmpty()) {
                if (c.accept("for") || c.lookingAt("they") || c.lookingAt("them")) {
                    return List.of(new Clause.Unknown(c.textFrom(start), "a wait for something to happen needs a "
                            + "time-out: say 'if they don't open it within 3 days, ...'"));
                }
                while (!c.atEnd() && !Happenings.boundary(c) && !RESYNC.contains(c.peek())) {
                    c.next();
                }
                return List.of(new Clause.Unknown(c.textFrom(start), "say how long to wait, such as 'two days', "
                        + "'48 hours' or 'a week'"));
            }
            c.accept("more", "longer");
            c.accept("later", "after", "afterwards");
            c.acceptAll("after", "that");
            c.acceptAll("after", "this");
            return List.of(span(span.get(), c.textFrom(start)));
        }
        c.reset(start);
        if (c.accept("after", "in")) {
            Optional<Span> span = Span.readMore(c);
            if (span.isPresent()) {
                c.accept("more", "later", "time");
                return List.of(span(span.get(), c.textFrom(start)));
            }
            c.reset(start);
            return List.of();
        }
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning")
                || c.acceptAll("the", "following", "morning") || c.acceptAll("tomorrow", "morning")) {
            return List.of(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
        }
        c.reset(start);
        c.accept("another", "a", "an");
        c.reset(start);
        Optional<Span> span = Span.read(c);
        if (span.isPresent()) {
            boolean fixedPhrase = span.get().text().toLowerCase(java.util.Locale.ROOT).contains("next")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("following")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("tomorrow")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("day after");
            int afterSpan = c.position();
            if (c.accept("after")) {
                int happeningAt = c.position();
                Optional<Happenings.Read> read = Happenings.read(c, false);
                if (read.isEmpty()) {
                    read = Happenings.readCustom(c);
                }
                if (read.isPresent() && !read.get().negated()) {
                    return List.of(new Clause.When(read.get().happening(), false, Optional.empty(),
                            c.text(happeningAt, c.position())), span(span.get(), c.textFrom(start)));
                }
                c.reset(afterSpan);
            }
            if (c.accept("later", "afterwards", "afterward") || c.acceptAll("after", "that")
                    || c.acceptAll("after", "this") || c.acceptAll("from", "now") || c.acceptAll("after", "it")
                    || c.acceptAll("on") || fixedPhrase) {
                c.accept("on");
                return List.of(span(span.get(), c.textFrom(start)));
            }
        }
        c.reset(start);
        return List.of();
    }

    private static Clause span(Span span, String text) {
        return span.usable() ? new Clause.Wait(span, text) : new Clause.Unknown(text, span.problem().orElseThrow());
    }

    private List<Clause> waitUntil(Cursor c, int start) {
        int at = c.position();
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning") || c.acceptAll("tomorrow", "morning")
                || c.acceptAll("the", "following", "morning") || c.accept("morning")) {
            return List.of(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
        }
        Optional<LocalTime> time = Calendar.time(c, Calendar.Bias.DAY);
        if (time.isPresent()) {
            c.accept("local", "their");
            c.accept("time");
            return List.of(new Clause.WaitUntilTime(time.get(), c.textFrom(start)));
        }
        c.reset(at);
        List<Clause> date = date(c);
        if (!date.isEmpty()) {
            return date;
        }
        c.reset(at);
        while (!c.atEnd() && !Happenings.boundary(c)) {
            c.next();
        }
        return List.of(new Clause.Unknown(c.textFrom(start), "a wait until something happens needs a time-out: "
                + "say 'if they don't open it within 3 days, ...'; a wait until a time says 'until 9am' or "
                + "'until March 10'"));
    }

    private List<Clause> date(Cursor c) {
        int start = c.position();
        c.accept("on", "starting", "from", "beginning");
        boolean every = c.accept("every", "each");
        Optional<DayOfWeek> weekly = Optional.empty();
        boolean daily = false;
        Optional<LocalDate> date = Optional.empty();
        if (every || c.lookingAt("weekly") || c.lookingAt("daily") || Calendar.weekday(c.peek())
                .filter(d -> c.peek().endsWith("s")).isPresent()) {
            if (c.accept("daily") || every && (c.accept("day", "morning") || c.acceptAll("single", "day"))) {
                daily = true;
            } else if (c.accept("weekly") || every && c.accept("week")) {
                weekly = Optional.of(calendar.today().plusDays(7).getDayOfWeek());
            } else {
                Optional<DayOfWeek> day = Calendar.weekday(c.peek());
                if (day.isEmpty()) {
                    c.reset(start);
                    return List.of();
                }
                c.next();
                weekly = day;
            }
        } else {
            Optional<Calendar.DateRead> read = calendar.date(c);
            if (read.isEmpty()) {
                c.reset(start);
                if (c.accept("at")) {
                    Optional<LocalTime> time = Calendar.time(c, Calendar.Bias.DAY);
                    if (time.isPresent()) {
                        return List.of(new Clause.Date(Optional.empty(), Optional.empty(), false, time,
                                c.textFrom(start)));
                    }
                }
                c.reset(start);
                return List.of();
            }
            if (read.get().problem().isPresent()) {
                return List.of(new Clause.Unknown(c.textFrom(start), read.get().problem().get()));
            }
            date = read.get().date();
            if (date.get().isBefore(calendar.today())) {
                return List.of(new Clause.Unknown(c.textFrom(start), date.get() + " is in the past (the drafter's "
                        + "today is " + calendar.today() + ")"));
            }
        }
        Optional<LocalTime> time = Optional.empty();
        int at = c.position();
        if (c.accept("at", "around")) {
            time = Calendar.time(c, Calendar.Bias.DAY);
            if (time.isEmpty()) {
                c.reset(at);
            } else {
                c.accept("local", "their");
                c.accept("time");
            }
        } else if (c.acceptAll("in", "the", "morning")) {
            time = Optional.of(LocalTime.of(9, 0));
        }
        if ((weekly.isPresent() || daily) && (c.accept("starting", "from", "beginning"))) {
            c.accept("on");
            Optional<Calendar.DateRead> first = calendar.date(c);
            if (first.isPresent() && first.get().date().isPresent()) {
                date = first.get().date();
            }
        }
        return List.of(new Clause.Date(date, weekly, daily, time, c.textFrom(start)));
    }

    // ---- sends and actions -------------------------------------------------------------------

    private List<Clause> send(Cursor c, boolean afterCondition) {
        int start = c.position();
        List<String> channels = new ArrayList<>();
        List<String> prefix = new ArrayList<>();
        if (c.accept("send", "deliver", "share", "resend")) {
            c.accept("out");
        } else if (c.accept("email", "mail")) {
            channels.add("email");
        } else if (c.accept("text", "sms")) {
            channels.add("sms");
        } else if (c.accept("push")) {
            channels.add("push");
        } else if (c.accept("message")) {
            // "message them ..."
        } else if (c.acceptAll("follow", "up") || c.accept("follow-up")) {
            c.accept("with");
            prefix.add("follow-up");
        } else if (c.accept("remind")) {
            prefix.add("reminder");
        } else if (afterCondition && (c.accept("get", "gets", "receive", "receives")
                || c.acceptAll("should", "get") || c.acceptAll("should", "receive")
                || c.acceptAll("will", "get") || c.acceptAll("will", "receive"))) {
            // "those who click get the offer"
        } else {
            return List.of();
        }
        if (c.lookingAt("more", "than") || c.lookingAt("no", "more") || c.lookingAt("at", "most")
                || c.lookingAt("up", "to")) {
            c.reset(start);
            return List.of();
        }
        return sendBody(c, start, channels, prefix, true);
    }

    /**
     * Reads what follows a send's verb: the recipient, the message, its channel, time and
     * condition. "The welcome pack and the class checklist" are two sends; the second takes the
     * verb's channel and, if the first names none, gives the first its own.
     */
    private List<Clause> sendBody(Cursor c, int start, List<String> verbChannels, List<String> prefix,
                                  boolean first) {
        List<String> channels = new ArrayList<>(verbChannels);
        List<Clause> before = new ArrayList<>();
        List<Clause> after = new ArrayList<>();
        Optional<Asset> recipients = first ? recipients(c, after) : Optional.empty();
        int nameFrom = -1;
        int nameTo = -1;
        List<String> name = new ArrayList<>();
        boolean[] preferred = {false};
        boolean[] each = {false};
        if (prefix.contains("reminder")) {
            c.accept("them", "him", "her", "the", "everyone");
            c.accept("customer", "contact", "lead");
            c.accept("about", "of", "to");
        }
        while (!c.atEnd()) {
            int at = c.position();
            if (timeTail(c, before)) {
                continue;
            }
            c.reset(at);
            if (channelTail(c, channels, preferred, each)) {
                continue;
            }
            c.reset(at);
            if (c.lookingAt("to") && recipients.isEmpty()) {
                Optional<Asset> group = toTail(c, after);
                if (group.isPresent()) {
                    recipients = group;
                    continue;
                }
                if (c.position() > at) {
                    continue;
                }
                c.reset(at);
            }
            if (c.accept("immediately", "instantly", "now") || c.acceptAll("right", "away")
                    || c.acceptAll("straight", "away") || c.acceptAll("at", "once")) {
                continue;
            }
            if (whenTail(c, before)) {
                continue;
            }
            c.reset(at);
            if (c.lookingAt("if") || c.lookingAt("unless") || c.lookingAt("only", "if")) {
                c.accept("only");
                List<Clause> condition = condition(c);
                if (!condition.isEmpty()) {
                    before.addAll(condition);
                    continue;
                }
                c.reset(at);
                break;
            }
            if (Happenings.boundary(c) || c.lookingAt("but") || c.lookingAt("so")
                    || Set.of("send", "wait", "stop", "create", "alert", "notify", "remind").contains(c.peek())
                    && (c.position() == 0 || !Words.DETERMINERS.contains(c.word(c.position() - 1).text()))
                    || !name.isEmpty() && c.lookingAt("and") && Set.of("a", "an", "the", "our", "their", "your")
                    .contains(c.peek(1))) {
                break;
            }
            String word = c.next();
            if (nameFrom < 0) {
                nameFrom = at;
            }
            nameTo = c.position();
            name.add(word);
        }
        List<String> kept = new ArrayList<>(prefix);
        List<String> removed = new ArrayList<>();
        for (String word : name) {
            if (NOT_NAMES.contains(word)) {
                continue;
            }
            if (CHANNEL_NOUNS.contains(word)) {
                removed.add(word);
                switch (word) {
                    case "email", "emails", "mail", "mailing" -> addChannel(channels, "email");
                    case "sms", "text", "texts" -> addChannel(channels, "sms");
                    case "push", "notification", "notifications" -> addChannel(channels, "push");
                    default -> {
                    }
                }
            } else {
                kept.add(word);
            }
        }
        boolean again = !kept.isEmpty() && kept.stream().allMatch(w -> Set.of("it", "that", "this", "again", "same",
                "one", "once", "more", "time", "the", "a", "another").contains(w))
                && kept.stream().anyMatch(w -> Set.of("it", "that", "this", "same", "again").contains(w));
        String slug = again ? "" : Words.slug(kept);
        if (slug.isEmpty() && !again) {
            slug = Words.slug(removed.isEmpty() ? List.of(channels.isEmpty() ? "message" : channels.get(0)) : removed);
        }
        String phrase = nameFrom >= 0 ? c.text(nameFrom, nameTo) : c.textFrom(start);
        List<Clause> out = new ArrayList<>(before);
        if (after.stream().anyMatch(a -> a instanceof Clause.Unknown u && u.reason().equals(INTERNAL_RECIPIENT))) {
            out.add(new Clause.Unknown(c.textFrom(start), INTERNAL_RECIPIENT));
            return out;
        }
        Clause.Send send = new Clause.Send(new Asset(Placeholder.Kind.MESSAGE, slug, phrase), again,
                List.copyOf(channels), preferred[0], each[0], recipients, c.textFrom(start));
        if (!name.isEmpty() && c.lookingAt("and") && Set.of("a", "an", "the", "our", "their", "your")
                .contains(c.peek(1))) {
            c.next();
            int nextAt = c.position();
            List<Clause> rest = sendBody(c, nextAt, verbChannels, List.of(), false);
            Optional<Clause.Send> second = rest.stream().filter(Clause.Send.class::isInstance)
                    .map(Clause.Send.class::cast).findFirst();
            if (second.isPresent() && send.channels().equals(verbChannels) && !send.preferred()
                    && !second.get().channels().equals(verbChannels)) {
                send = new Clause.Send(send.asset(), send.again(), second.get().channels(), second.get().preferred(),
                        second.get().eachChannel(), send.recipients(), send.text());
            }
            out.add(send);
            out.addAll(after);
            out.addAll(rest);
            return out;
        }
        out.add(send);
        out.addAll(after);
        return out;
    }

    private static void addChannel(List<String> channels, String channel) {
        if (!channels.contains(channel)) {
            channels.add(channel);
        }
    }

    /**
     * A recipient before the message: "send the customer a thank you", "send our loyalty members the
     * teaser". The recipient ends at the first determiner after which no word names people.
     */
    private Optional<Asset> recipients(Cursor c, List<Clause> after) {
        int start = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 12 && !Happenings.boundary(c) && !c.lookingAt("to")
                && !c.lookingAt("by") && !c.lookingAt("via") && !c.lookingAt("about") && !c.lookingAt("after")) {
            words.add(c.next());
        }
        c.reset(start);
        int split = -1;
        for (int k = 1; k < words.size() && split < 0; k++) {
            if (Set.of("a", "an", "the", "our", "their", "his", "her", "your", "this").contains(words.get(k))
                    && names(words.subList(0, k)) && !names(words.subList(k, words.size()))) {
                split = k;
            }
        }
        List<String> head = split > 0 ? words.subList(0, split)
                : !words.isEmpty() && words.stream().allMatch(w -> Words.DETERMINERS.contains(w)
                || Words.CONTACT_NOUNS.contains(w) || Words.GROUP_NOUNS.contains(w)) ? words : List.of();
        if (head.isEmpty() || !names(head)) {
            return Optional.empty();
        }
        for (int i = 0; i < head.size(); i++) {
            c.next();
        }
        if (head.stream().anyMatch(Words.GROUP_NOUNS::contains)) {
            return Optional.of(new Asset(Placeholder.Kind.SEGMENT, segmentSlug(head), c.textFrom(start)));
        }
        return Optional.empty();
    }

    /** Whether some of the words name people: a contact or a group. */
    private static boolean names(List<String> words) {
        return words.stream().anyMatch(w -> Words.CONTACT_NOUNS.contains(w) && !w.equals("it")
                || Words.GROUP_NOUNS.contains(w));
    }

    /** "To the loyalty members in Texas", "to them"; an internal recipient is reported, not sent to. */
    private Optional<Asset> toTail(Cursor c, List<Clause> after) {
        int start = c.position();
        c.accept("to");
        int phraseAt = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 12 && !Happenings.boundary(c)) {
            int at = c.position();
            boolean tail = timeTail(c, new ArrayList<>()) || channelTail(c, new ArrayList<>(), new boolean[1],
                    new boolean[1]);
            c.reset(at);
            if (tail || c.lookingAt("about")) {
                break;
            }
            words.add(c.next());
        }
        if (words.isEmpty()) {
            c.reset(start);
            return Optional.empty();
        }
        String phrase = c.text(phraseAt, c.position());
        if (words.stream().anyMatch(Words.GROUP_NOUNS::contains) && words.stream().noneMatch(INTERNAL::contains)) {
            return Optional.of(new Asset(Placeholder.Kind.SEGMENT, segmentSlug(words), phrase));
        }
        if (words.stream().anyMatch(INTERNAL::contains)) {
            after.add(new Clause.Unknown(c.textFrom(start), INTERNAL_RECIPIENT));
            return Optional.empty();
        }
        if (words.stream().allMatch(w -> Words.DETERMINERS.contains(w) || Words.CONTACT_NOUNS.contains(w)
                || w.equals("inbox") || w.equals("phone"))) {
            return Optional.empty();
        }
        c.reset(start);
        return Optional.empty();
    }

    /** "By email", "in their preferred channel", "as a text", "via email or SMS". */
    private static boolean channelTail(Cursor c, List<String> channels, boolean[] preferred, boolean[] each) {
        int start = c.position();
        if (c.acceptAll("whichever", "channel", "they", "prefer") || c.acceptAll("however", "they", "prefer")
                || c.acceptAll("the", "way", "they", "prefer")) {
            preferred[0] = true;
            return true;
        }
        if (!c.accept("by", "via", "over", "through", "as", "on", "in", "using", "with")) {
            return false;
        }
        c.accept("a", "an", "their", "the", "his", "her", "your", "each");
        if (c.acceptAll("preferred", "channel") || c.acceptAll("preferred", "channels")
                || c.acceptAll("favourite", "channel") || c.acceptAll("favorite", "channel")
                || c.acceptAll("channel", "of", "choice") || c.acceptAll("channel", "they", "prefer")
                || c.acceptAll("preferred", "method") || c.acceptAll("chosen", "channel")
                || c.acceptAll("preferred", "way")) {
            preferred[0] = true;
            return true;
        }
        List<String> found = new ArrayList<>();
        boolean or = false;
        boolean and = false;
        while (true) {
            Optional<String> channel = channelWord(c);
            if (channel.isEmpty()) {
                break;
            }
            if (!found.contains(channel.get())) {
                found.add(channel.get());
            }
            int at = c.position();
            boolean joined = c.accept("or", "and", ",");
            c.accept("or", "and");
            int next = c.position();
            if (joined && channelWord(c).isPresent()) {
                c.reset(next);
                or |= c.sentence().words().get(at).is("or") || c.sentence().words().get(next - 1).is("or");
                and |= c.sentence().words().get(at).is("and") || c.sentence().words().get(next - 1).is("and");
            } else {
                c.reset(at);
                break;
            }
        }
        if (found.isEmpty()) {
            c.reset(start);
            return false;
        }
        found.forEach(channel -> addChannel(channels, channel));
        preferred[0] |= or && found.size() > 1;
        each[0] |= and && !or && found.size() > 1;
        return true;
    }

    private static Optional<String> channelWord(Cursor c) {
        if (c.accept("email", "emails", "mail")) {
            return Optional.of("email");
        }
        if (c.acceptAll("text", "message") || c.acceptAll("text", "messages") || c.accept("sms", "text", "texts")) {
            c.accept("message", "messages");
            return Optional.of("sms");
        }
        if (c.acceptAll("push", "notification") || c.acceptAll("push", "notifications") || c.accept("push")) {
            return Optional.of("push");
        }
        return Optional.empty();
    }

    /** "After two days", "in 48 hours", "two days later", "the next day", "on March 10", "at 9am". */
    private boolean timeTail(Cursor c, List<Clause> before) {
        int start = c.position();
        if (c.accept("after", "in", "within")) {
            Optional<Span> span = Span.readMore(c);
            if (span.isPresent()) {
                c.accept("more", "later", "time");
                before.add(span(span.get(), c.textFrom(start)));
                return true;
            }
            c.reset(start);
            return false;
        }
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning")
                || c.acceptAll("the", "following", "morning") || c.acceptAll("tomorrow", "morning")) {
            before.add(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
            return true;
        }
        Optional<Span> span = Span.read(c);
        if (span.isPresent()) {
            String text = span.get().text().toLowerCase(java.util.Locale.ROOT);
            boolean fixed = text.contains("next") || text.contains("following") || text.contains("tomorrow")
                    || text.contains("day after");
            if (c.accept("later", "afterwards", "afterward") || c.acceptAll("after", "that")
                    || c.acceptAll("after", "this") || c.acceptAll("from", "now") || fixed) {
                before.add(span(span.get(), c.textFrom(start)));
                return true;
            }
            c.reset(start);
            return false;
        }
        c.reset(start);
        if (c.lookingAt("on") || c.lookingAt("at") || c.lookingAt("every") || c.lookingAt("each")
                || c.lookingAt("starting") || c.lookingAt("next") && Calendar.weekday(c.peek(1)).isPresent()) {
            List<Clause> date = date(c);
            if (!date.isEmpty() && c.position() > start) {
                before.addAll(date);
                return true;
            }
        }
        c.reset(start);
        return false;
    }

    /** "When someone signs up", "after they register" at the end of a send. */
    private boolean whenTail(Cursor c, List<Clause> before) {
        int start = c.position();
        if (!(c.lookingAt("when") || c.lookingAt("whenever") || c.lookingAt("once") || c.lookingAt("after")
                || c.lookingAt("as", "soon", "as") || c.lookingAt("right", "after") || c.lookingAt("upon"))) {
            return false;
        }
        List<Clause> when = when(c);
        if (when.isEmpty()) {
            c.reset(start);
            return false;
        }
        before.addAll(when);
        return true;
    }

    private List<Clause> action(Cursor c) {
        int start = c.position();
        List<String> words = new ArrayList<>();
        if (c.accept("let")) {
            int who = c.position();
            while (!c.atEnd() && !c.peek().equals("know") && c.position() - who < 5 && !Happenings.boundary(c)) {
                c.next();
            }
            if (!c.accept("know")) {
                c.reset(start);
                return List.of();
            }
            words.add("notify");
            words.addAll(c.wordsBetween(who, c.position() - 1));
        } else if (c.acceptIn(ACTION_VERBS)) {
            words.add(c.sentence().words().get(start).text());
            if (words.get(0).equals("give") && !c.lookingAt("them") && !c.lookingAt("the")) {
                c.reset(start);
                return List.of();
            }
            while (!c.atEnd() && words.size() < 10 && !Happenings.boundary(c)) {
                int at = c.position();
                if (timeTail(c, new ArrayList<>())) {
                    c.reset(at);
                    break;
                }
                c.reset(at);
                words.add(c.next());
            }
        } else {
            return List.of();
        }
        List<String> kept = words.stream().filter(w -> !Set.of("them", "him", "her", "they", "it", "contact",
                "the", "a", "an").contains(w)).toList();
        if (kept.size() < 2 && !Set.of("call", "notify").contains(kept.isEmpty() ? "" : kept.get(0))) {
            c.reset(start);
            return List.of();
        }
        return List.of(new Clause.Action(new Asset(Placeholder.Kind.ACTION, Words.slug(kept), c.textFrom(start)),
                c.textFrom(start)));
    }

    /** A segment's slug: its words without determiners and the word "segment". */
    static String segmentSlug(List<String> words) {
        List<String> kept = new ArrayList<>(words.stream().filter(w -> !w.equals("segment") && !w.equals("list")
                && !w.equals("everyone") && !w.equals("everybody") && !w.equals("all") && !w.equals("who")
                && !Words.DETERMINERS.contains(w)).toList());
        while (!kept.isEmpty() && Set.of("in", "on", "of", "from", "at", "to").contains(kept.get(0))) {
            kept.remove(0);
        }
        return Words.slug(kept);
    }
}
