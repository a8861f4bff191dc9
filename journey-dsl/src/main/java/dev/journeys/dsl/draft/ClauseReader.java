package dev.journeys.dsl.draft;

import java.util.ArrayList;
import java.util.List;
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

    /** Words where reading may start again after words it did not understand. */
    static final Set<String> RESYNC = Set.of(",", "then", "if", "unless", "otherwise", "when", "whenever",
            "send", "wait", "stop", "create", "alert", "notify", "remind", "exclude", "email", "text");
    private static final Set<String> ACTION_VERBS = Set.of("create", "alert", "notify", "assign", "tag", "flag",
            "escalate", "update", "add", "mark", "inform", "log", "record", "tell", "call", "route", "hand",
            "schedule", "move", "open", "ping", "enroll", "enrol", "subscribe", "give", "award", "grant",
            "apply", "issue");

    private final TimeReader times;
    private final SendReader sends;

    ClauseReader(Calendar calendar) {
        this.times = new TimeReader(calendar);
        this.sends = new SendReader(times);
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
                    || c.acceptAll("go", "ahead", "and") || c.acceptAll("right", "after", "that")
                    || c.acceptAll("followed", "by") || c.acceptAll("and", "then")) {
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
        boolean afterSend = !before.isEmpty() && before.get(before.size() - 1) instanceof Clause.Send;
        boolean afterCondition = !before.isEmpty() && (before.get(before.size() - 1) instanceof Clause.If
                || before.get(before.size() - 1) instanceof Clause.Test
                || before.get(before.size() - 1) instanceof Clause.Otherwise);
        return List.of(ConditionReader::otherwise, ConditionReader::nothing, RuleReader::name, RuleReader::cap,
                RuleReader::quietHours, RuleReader::reentry, RuleReader::exclusion, RuleReader::goal,
                ConditionReader::stop, ConditionReader::condition, ConditionReader::when, times::waitClause,
                times::date, c -> sends.send(c, afterCondition), this::action, sends::recipientsFirst,
                c -> afterSend ? sends.implicitSend(c) : List.of());
    }

    /** A host action: "create a task for sales", "alert the sales queue", "let sales know". */
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
                if (sends.timeTail(c, new ArrayList<>())) {
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
