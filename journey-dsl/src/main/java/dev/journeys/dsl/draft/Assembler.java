package dev.journeys.dsl.draft;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.Event;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Recurrence;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Schedule;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places the clauses of a request in a journey: picks the entry, then walks the sentences in
 * order, appending steps to the main path or to the case a condition opened. Internal; one
 * instance drafts one request and is not thread-safe.
 *
 * <p>The rules, which the drafter's documentation repeats:
 * <ul>
 *   <li>The entry is the first "when/after X" (or "if X") that comes before any step, where X is
 *       an event; else, if a send is addressed to a group ("to the loyalty members"), the journey
 *       enrols that segment, on the first date named before it; else the entry is a placeholder.</li>
 *   <li>A condition's steps are the ones after it in its sentence. A sentence that begins with
 *       "otherwise" or "if not" holds the other case of the condition before it; one that begins
 *       with another condition adds a case to it; any other sentence goes back to the main path,
 *       where the cases join.</li>
 *   <li>An open or a click is about the last message sent before it, or the one it names. A
 *       condition on something that happens, with a time ("within 3 days"), waits for it up to
 *       that time; without one, right after a wait, it is a branch checked when the wait ends;
 *       otherwise it waits for it up to {@value #DEFAULT_WINDOW_DAYS} days. Two such conditions on
 *       one step become a wait and a branch. A test of the contact (segment, attribute) is a
 *       branch.</li>
 *   <li>"Stop if X" and "if X, stop" are journey-wide exits for an event X; a stop after an
 *       open, a click, a time or a negation ends that path only.</li>
 * </ul>
 */
final class Assembler {

    /** How long a condition without a time waits for what it asks about. */
    static final int DEFAULT_WINDOW_DAYS = 3;

    /** When a send on a date without a time goes out, in the drafter's zone. */
    static final LocalTime DEFAULT_TIME = LocalTime.of(9, 0);

    private static final List<String> ALL_CHANNELS = List.of("email", "sms", "push");

    private final Calendar calendar;
    private final ZoneId zone;
    private final int maxSteps;
    private final int maxConditions;

    private final Placeholders placeholders = new Placeholders();
    private final StepIds stepIds = new StepIds();
    private final List<NotUnderstood> notUnderstood = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> eventTypes = new LinkedHashSet<>();

    private Entry entry;
    private String entryWhy = "";
    private String journeySlug = "";
    private final List<Trigger> exits = new ArrayList<>();
    private Optional<JourneyGoal> goal = Optional.empty();
    private final List<FrequencyCap> caps = new ArrayList<>();
    private Optional<QuietHours> quietHours = Optional.empty();
    private Optional<ReentryRule> reentry = Optional.empty();
    private String reentryWhat = "";
    private final List<Condition> exclusions = new ArrayList<>();
    private Optional<String> name = Optional.empty();
    private final List<Node> root = new ArrayList<>();
    private final List<Node.Send> sends = new ArrayList<>();
    private final Map<Node.Send, String> sendSlugs = new IdentityHashMap<>();
    private int stepCount;
    private int conditionCount;
    private boolean segmentJourney;
    private Optional<Asset> audience = Optional.empty();
    private Optional<NotUnderstood> entryNote = Optional.empty();

    private List<List<Node>> path = new ArrayList<>(List.of(root));
    private final List<Node> discarded = new ArrayList<>();
    private boolean forkInSentence;
    private Open open;
    private int sentence;

    /**
     * The condition a following sentence may extend: its fork, and the path to the list the fork
     * is in (from the main path inward).
     */
    private record Open(Node.Fork fork, List<List<Node>> parentPath) {
        List<Node> parent() {
            return parentPath.get(parentPath.size() - 1);
        }

        /** Returns the path into one of the fork's lists. */
        List<List<Node>> into(List<Node> steps) {
            List<List<Node>> inside = new ArrayList<>(parentPath);
            inside.add(steps);
            return inside;
        }
    }

    Assembler(Calendar calendar, ZoneId zone, int maxSteps, int maxConditions) {
        this.calendar = calendar;
        this.zone = zone;
        this.maxSteps = maxSteps;
        this.maxConditions = maxConditions;
    }

    /** Returns what was made of the request; call after {@link #assemble}. */
    Plan plan() {
        return new Plan(entry, entryWhy, journeySlug, List.copyOf(exits), goal, List.copyOf(caps), quietHours,
                reentry, reentryWhat, List.copyOf(exclusions), name, root, List.copyOf(notes),
                new LinkedHashSet<>(eventTypes), placeholders.all(), List.copyOf(notUnderstood), entryNote);
    }

    // ---- assembling ------------------------------------------------------------------------

    /**
     * Places every clause.
     *
     * @param sentences the sentences read
     * @param clauses each sentence's clauses
     */
    void assemble(List<Sentence> sentences, List<List<Clause>> clauses) {
        List<List<Clause>> rewritten = clauses.stream().map(Assembler::stopsAsExits).toList();
        Set<Clause> used = chooseEntry(rewritten);
        for (int s = 0; s < sentences.size(); s++) {
            sentence = sentences.get(s).number();
            path = new ArrayList<>(List.of(root));
            forkInSentence = false;
            boolean first = true;
            for (Clause clause : rewritten.get(s)) {
                if (used.contains(clause)) {
                    continue;
                }
                if (first && !(clause instanceof Clause.Otherwise || clause instanceof Clause.If
                        || clause instanceof Clause.Test || clause instanceof Clause.When
                        || clause instanceof Clause.Unknown)) {
                    open = null;
                }
                place(clause, first);
                if (!(clause instanceof Clause.Unknown)) {
                    first = false;
                }
            }
        }
    }

    /** "If they buy, stop" is "stop if they buy": a journey-wide exit. */
    private static List<Clause> stopsAsExits(List<Clause> clauses) {
        List<Clause> meaningful = clauses.stream().filter(c -> !(c instanceof Clause.Unknown)).toList();
        if (meaningful.size() == 2 && meaningful.get(1) instanceof Clause.Stop stop && stop.happening().isEmpty()) {
            Clause first = meaningful.get(0);
            Optional<Happening> happening = Optional.empty();
            if (first instanceof Clause.If condition && !condition.negated() && condition.window().isEmpty()
                    && !condition.happening().isEngagement()) {
                happening = Optional.of(condition.happening());
            } else if (first instanceof Clause.When when && !when.negated() && when.window().isEmpty()
                    && !when.happening().isEngagement()) {
                happening = Optional.of(when.happening());
            }
            if (happening.isPresent()) {
                List<Clause> out = new ArrayList<>(clauses.stream().filter(Clause.Unknown.class::isInstance).toList());
                out.add(new Clause.Stop(happening, first.text() + ", " + stop.text()));
                return out;
            }
        }
        return clauses;
    }

    private static boolean entryable(Happening happening, boolean negated, Optional<Span> window) {
        return !negated && window.isEmpty() && !happening.isEngagement();
    }

    private Set<Clause> chooseEntry(List<List<Clause>> clauses) {
        Set<Clause> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        boolean stepSeen = false;
        for (List<Clause> sentenceClauses : clauses) {
            for (Clause clause : sentenceClauses) {
                Optional<Happening> happening = Optional.empty();
                if (clause instanceof Clause.When when && entryable(when.happening(), when.negated(), when.window())) {
                    happening = Optional.of(when.happening());
                } else if (clause instanceof Clause.If condition
                        && entryable(condition.happening(), condition.negated(), condition.window())) {
                    happening = Optional.of(condition.happening());
                }
                if (happening.isPresent() && !stepSeen) {
                    entry = new Entry.OnEvent(trigger(happening.get(), Optional.of("entry")));
                    entryWhy = "trigger-based, because '" + Words.shorten(clause.text(), 80) + "' starts it on the event '"
                            + ((Entry.OnEvent) entry).trigger().eventType() + "'";
                    journeySlug = happeningSlug(happening.get());
                    used.add(clause);
                    return used;
                }
                if (isStep(clause)) {
                    stepSeen = true;
                }
            }
        }
        Clause.Date date = null;
        boolean waited = false;
        for (List<Clause> sentenceClauses : clauses) {
            for (Clause clause : sentenceClauses) {
                if (clause instanceof Clause.Date d && date == null && !waited) {
                    date = d;
                } else if (clause instanceof Clause.Send send && send.recipients().isPresent()) {
                    segmentJourney = true;
                    audience = send.recipients();
                    String segment = placeholders.add(send.recipients().get(), "entry", true);
                    Optional<Schedule> schedule = Optional.empty();
                    if (date != null) {
                        schedule = schedule(date);
                        used.add(date);
                    }
                    entry = new Entry.FromSegment(segment, schedule);
                    journeySlug = send.recipients().get().slug();
                    boolean repeats = date != null && date.repeats();
                    entryWhy = "segment-based, because it sends to '" + send.recipients().get().phrase() + "'"
                            + schedule.map(s -> " " + (repeats ? "on a schedule starting " : "on ")
                            + s.start().atZone(zone).toLocalDate()).orElse(" and names no date");
                    return used;
                } else if (clause instanceof Clause.Wait || clause instanceof Clause.WaitUntilTime
                        || clause instanceof Clause.If || clause instanceof Clause.Test) {
                    waited = true;
                }
            }
        }
        String placeholder = placeholders.add(new Asset(Placeholder.Kind.EVENT, "entry", ""), "entry", true);
        entry = new Entry.OnEvent(Trigger.on(placeholder));
        entryWhy = "trigger-based on an event to bind, because no sentence said what starts the journey";
        journeySlug = "";
        entryNote = Optional.of(new NotUnderstood(0, "", "nothing says what starts the journey or whom it is for: say "
                + "'when someone submits the contact form, ...', 'after a lead is created, ...' or 'on March 10, "
                + "send ... to the loyalty members'; until then the entry is the placeholder '" + placeholder + "'"));
        return used;
    }

    private static boolean isStep(Clause clause) {
        return clause instanceof Clause.Send || clause instanceof Clause.Wait || clause instanceof Clause.WaitUntilTime
                || clause instanceof Clause.Action || clause instanceof Clause.Test || clause instanceof Clause.If
                || clause instanceof Clause.When || clause instanceof Clause.Otherwise
                || clause instanceof Clause.Stop stop && stop.happening().isEmpty();
    }

    private Optional<Schedule> schedule(Clause.Date date) {
        LocalTime time = date.time().orElse(DEFAULT_TIME);
        if (date.time().isEmpty()) {
            notes.add("'" + date.text() + "' names no time: the enrolment runs at " + DEFAULT_TIME + " in " + zone);
        }
        if (date.repeats()) {
            String cron = time.getMinute() + " " + time.getHour() + " * * "
                    + date.weekly().map(d -> d.name().substring(0, 3)).orElse("*");
            LocalDate first = date.date().orElseGet(() -> {
                LocalDate day = calendar.today().plusDays(1);
                while (date.weekly().isPresent() && day.getDayOfWeek() != date.weekly().get()) {
                    day = day.plusDays(1);
                }
                return day;
            });
            while (date.weekly().isPresent() && first.getDayOfWeek() != date.weekly().get()) {
                first = first.plusDays(1);
            }
            return Optional.of(Schedule.at(first.atTime(time).atZone(zone).toInstant())
                    .repeating(Recurrence.cron(cron, zone)));
        }
        if (date.date().isEmpty()) {
            LocalDate day = calendar.today().plusDays(1);
            notes.add("'" + date.text() + "' names no day: the enrolment runs on " + day);
            return Optional.of(Schedule.at(day.atTime(time).atZone(zone).toInstant()));
        }
        return Optional.of(Schedule.at(date.date().get().atTime(time).atZone(zone).toInstant()));
    }

    private void place(Clause clause, boolean first) {
        if (clause instanceof Clause.Unknown unknown) {
            report(unknown.text(), unknown.reason());
        } else if (clause instanceof Clause.Otherwise) {
            if (open == null) {
                report(clause.text(), "'otherwise' needs a condition before it, such as 'if they click the link, ...'");
                return;
            }
            path = open.into(complement(open.fork()));
            forkInSentence = true;
        } else if (clause instanceof Clause.If condition) {
            condition(condition.happening(), condition.negated(), condition.window(), clause.text(), first);
        } else if (clause instanceof Clause.When when) {
            if (entryable(when.happening(), when.negated(), when.window())) {
                notes.add("'" + Words.shorten(clause.text(), 60) + "' comes after the journey has started, so it is "
                        + "read as a condition on the contact in the journey; to start another journey on it, "
                        + "draft that journey on its own");
            }
            condition(when.happening(), when.negated(), when.window(), clause.text(), first);
        } else if (clause instanceof Clause.Test test) {
            test(test, first);
        } else if (clause instanceof Clause.Send send) {
            send(send);
        } else if (clause instanceof Clause.Wait wait) {
            append(stepIds.unique("wait-" + Words.slug(Words.duration(wait.span().duration())), ""),
                    id -> new Node.Wait(id, new Delay.Fixed(wait.span().duration())), clause.text());
            wait.span().note().ifPresent(notes::add);
        } else if (clause instanceof Clause.WaitUntilTime until) {
            append(stepIds.unique("wait-until-" + until.time().toString().replace(':', '-'), ""),
                    id -> new Node.Wait(id, new Delay.UntilTimeOfDay(until.time())), clause.text());
        } else if (clause instanceof Clause.Date date) {
            date(date);
        } else if (clause instanceof Clause.Action action) {
            String id = stepIds.unique(action.asset().slug(), "");
            if (append(id, ignored -> new Node.Action(id, placeholders.add(action.asset(), id, true)), clause.text())) {
                return;
            }
        } else if (clause instanceof Clause.Stop stop) {
            if (stop.happening().isPresent()) {
                Trigger trigger = trigger(stop.happening().get(), Optional.of("exit"));
                if (goal.isPresent() && goal.get().trigger().equals(trigger)) {
                    goal = Optional.of(new JourneyGoal(goal.get().name(), trigger, true));
                } else if (!exits.contains(trigger)) {
                    exits.add(trigger);
                }
            } else {
                append(stepIds.unique("exit", ""), id -> new Node.Exit(id, "the request: " + Words.shorten(
                        clause.text(), 60)), clause.text());
            }
        } else if (clause instanceof Clause.Goal goalClause) {
            if (goal.isPresent()) {
                report(clause.text(), "the journey already has a goal");
                return;
            }
            Trigger trigger = trigger(goalClause.happening(), Optional.of("goal"));
            boolean exit = exits.remove(trigger);
            goal = Optional.of(new JourneyGoal(Words.slug(goalClause.happening().text()).isEmpty() ? "goal"
                    : happeningSlug(goalClause.happening()), trigger, exit));
        } else if (clause instanceof Clause.Cap cap) {
            caps.add(cap.cap());
        } else if (clause instanceof Clause.Quiet quiet) {
            if (quietHours.isPresent()) {
                report(clause.text(), "the journey already has quiet hours (" + quietHours.get() + ")");
                return;
            }
            quietHours = Optional.of(quiet.hours());
        } else if (clause instanceof Clause.Reentry rule) {
            if (reentry.isPresent()) {
                report(clause.text(), "the journey already has a re-entry rule: " + reentryWhat);
                return;
            }
            reentry = Optional.of(rule.rule());
            reentryWhat = rule.description();
        } else if (clause instanceof Clause.Exclude exclude) {
            exclusions.add(Condition.inSegment(placeholders.add(exclude.segment(), "exclusion", true)));
        } else if (clause instanceof Clause.Name named) {
            name = Optional.of(named.name());
        } else if (clause instanceof Clause.Nothing) {
            return;
        } else {
            throw new AssertionError(clause);
        }
    }

    private void report(String text, String reason) {
        notUnderstood.add(new NotUnderstood(sentence, Words.shorten(text, 200), reason));
    }

    /** Appends a step to the current path, unless the path has ended or the journey is full. */
    private boolean append(String id, java.util.function.Function<String, Node> make, String text) {
        List<Node> current = current();
        if (current == discarded) {
            report(text, "left out: it depends on a condition the drafter could not use");
            return false;
        }
        if (ends(current)) {
            report(text, "nothing can follow here: every path before it has ended the journey");
            return false;
        }
        if (!countStep(text, "this one was left out")) {
            return false;
        }
        current.add(make.apply(id));
        return true;
    }

    /**
     * Counts a step about to be added, or reports that the journey is full. Every step is counted
     * here, so that no draft has more than {@code maxSteps}.
     *
     * @param text the words the step comes from
     * @param leftOut what is left out if the journey is full
     * @return whether the step may be added
     */
    private boolean countStep(String text, String leftOut) {
        if (stepCount >= maxSteps) {
            report(text, "the drafter writes at most " + maxSteps + " steps; " + leftOut);
            return false;
        }
        stepCount++;
        return true;
    }

    /** Whether every path through the steps ends the journey with an exit. */
    private static boolean ends(List<Node> steps) {
        if (steps.isEmpty()) {
            return false;
        }
        Node last = steps.get(steps.size() - 1);
        if (last instanceof Node.Exit) {
            return true;
        }
        if (last instanceof Node.Fork fork) {
            return fork.cases().stream().allMatch(Assembler::ends) && ends(fork.otherwise());
        }
        return false;
    }

    private void send(Clause.Send send) {
        if (send.recipients().isPresent() && !send.recipients().equals(audience)) {
            report(send.recipients().get().phrase(), segmentJourney
                    ? "a journey has one audience, '" + audience.map(Asset::phrase).orElse("") + "'; this one was not used"
                    : "a triggered journey sends to the contact who entered it; '" + send.recipients().get().phrase()
                    + "' was not used");
        }
        List<ChannelChoice> choices = new ArrayList<>();
        if (send.preferred()) {
            choices.add(ChannelChoice.preferred((send.channels().size() > 1 ? send.channels() : ALL_CHANNELS)
                    .toArray(String[]::new)));
        } else if (send.eachChannel()) {
            send.channels().forEach(channel -> choices.add(ChannelChoice.of(channel)));
        } else if (send.channels().size() == 1) {
            choices.add(ChannelChoice.of(send.channels().get(0)));
        } else if (send.channels().size() > 1) {
            choices.add(ChannelChoice.preferred(send.channels().toArray(String[]::new)));
        } else {
            Optional<ChannelChoice> before = lastSendOnPath().map(Node.Send::channel);
            ChannelChoice choice = before.orElse(ChannelChoice.of("email"));
            notes.add("no channel was given for '" + Words.shorten(send.asset().phrase(), 60) + "': it goes "
                    + describe(choice) + (before.isPresent() ? ", like the message before it" : " (the default)"));
            choices.add(choice);
        }
        Asset message = send.asset();
        boolean reference = message.phrase().toLowerCase(Locale.ROOT).startsWith("the ")
                && placeholders.find(Placeholder.Kind.MESSAGE, message.slug()).isPresent();
        Optional<Node.Send> again = Optional.empty();
        if (send.again()) {
            again = lastSendOnPath();
            if (again.isEmpty()) {
                notes.add("'" + Words.shorten(send.text(), 60) + "' names no message, and none was sent before it: "
                        + "bind its placeholder to the message you mean");
            }
        }
        String stepSlug = again.map(before -> (sendSlugs.get(before).isEmpty() ? "message" : sendSlugs.get(before))
                        + "-again")
                .orElse(message.slug().isEmpty() ? "message" : message.slug());
        String slugOfMessage = again.map(sendSlugs::get).orElse(message.slug());
        for (ChannelChoice choice : choices) {
            String id = stepIds.unique(stepSlug + (choices.size() > 1 ? "-" + choice : ""), "");
            String messageId;
            if (again.isPresent()) {
                messageId = again.get().message();
            } else if (choices.size() > 1) {
                messageId = placeholders.peek(new Asset(Placeholder.Kind.MESSAGE, message.slug() + "-" + choice,
                        message.phrase() + " (" + choice + ")"), false);
            } else {
                messageId = placeholders.peek(message, reference);
            }
            Node.Send made = new Node.Send(id, messageId, choice);
            if (append(id, ignored -> made, send.text())) {
                if (again.isPresent()) {
                    placeholders.use(messageId, id);
                } else if (choices.size() > 1) {
                    placeholders.add(new Asset(Placeholder.Kind.MESSAGE, message.slug() + "-" + choice,
                            message.phrase() + " (" + choice + ")"), id, false);
                } else {
                    placeholders.add(message, id, reference);
                }
                sends.add(made);
                sendSlugs.put(made, slugOfMessage);
            }
        }
    }

    private static String describe(ChannelChoice choice) {
        return choice instanceof ChannelChoice.Preferred preferred
                ? "on the contact's preferred channel among " + String.join(", ", preferred.allowed())
                : "by " + choice;
    }

    private void date(Clause.Date date) {
        if (date.repeats()) {
            report(date.text(), "a repeating schedule applies only to the start of a segment journey ('every Monday, "
                    + "send the newsletter to the subscribers')");
            return;
        }
        if (date.date().isEmpty()) {
            LocalTime time = date.time().orElse(DEFAULT_TIME);
            append(stepIds.unique("wait-until-" + time.toString().replace(':', '-'), ""),
                    id -> new Node.Wait(id, new Delay.UntilTimeOfDay(time)), date.text());
            return;
        }
        LocalTime time = date.time().orElse(DEFAULT_TIME);
        if (date.time().isEmpty()) {
            notes.add("'" + date.text() + "' names no time: the wait ends at " + DEFAULT_TIME + " in " + zone);
        }
        append(stepIds.unique("wait-until-" + date.date().get(), ""), id -> new Node.Wait(id, new Delay.UntilInstant(
                date.date().get().atTime(time).atZone(zone).toInstant(), Delay.IfPassed.CONTINUE)), date.text());
    }

    // ---- conditions --------------------------------------------------------------------------

    /**
     * What a condition tests, and for a happening what it waits for.
     *
     * @param condition the test, not negated
     * @param trigger the event waited for, if the condition is on a happening
     * @param about the send whose message an open or a click must be about
     * @param idBase the fork's id, before it is made unique
     * @param assets the placeholders the condition names, made once it is placed
     */
    private record Test(Condition condition, Optional<Trigger> trigger, Optional<String> about, String idBase,
                        List<Asset> assets) {
    }

    private void condition(Happening happening, boolean negated, Optional<Span> window, String text, boolean first) {
        Optional<Test> test = test(happening, text);
        if (test.isEmpty()) {
            discardFollowing();
            return;
        }
        Condition when = negated ? Condition.not(test.get().condition()) : test.get().condition();
        if (first && repeatsOpen(when)) {
            path = open.into(open.fork().cases().get(0));
            test = test(happening, text);
            if (test.isEmpty()) {
                discardFollowing();
                return;
            }
            placeCondition(test.get(), negated, window, text, false);
            return;
        }
        placeCondition(test.get(), negated, window, text, first);
    }

    private void test(Clause.Test clause, boolean first) {
        Test test;
        if (clause.segment().isPresent()) {
            Asset segment = clause.segment().get();
            test = new Test(Condition.inSegment(placeholders.peek(segment, true)), Optional.empty(), Optional.empty(),
                    segment.slug().isEmpty() ? "in-segment" : "in-" + segment.slug(), List.of(segment));
        } else {
            Condition.Attribute attribute = (Condition.Attribute) clause.attribute().orElseThrow();
            test = new Test(attribute, Optional.empty(), Optional.empty(), Words.slug(List.of(attribute.name()
                    .replaceAll("([a-z0-9])([A-Z])", "$1-$2"))), List.of());
            notes.add("the branch on '" + Words.shorten(clause.text(), 60) + "' tests " + clause.note()
                    + ": check that your contacts have it");
        }
        placeCondition(test, clause.negated(), Optional.empty(), clause.text(), first);
    }

    private List<Node> current() {
        return path.get(path.size() - 1);
    }

    /** Sends what follows, to the end of the sentence, to no path: it depended on a condition left out. */
    private void discardFollowing() {
        path.add(discarded);
    }

    private void placeCondition(Test test, boolean negated, Optional<Span> window, String text, boolean first) {
        Condition when = negated ? Condition.not(test.condition()) : test.condition();
        if (first && open != null && isComplement(open.fork(), when)) {
            path = open.into(complement(open.fork()));
            forkInSentence = true;
            return;
        }
        if (conditionCount >= maxConditions) {
            report(text, "the drafter writes at most " + maxConditions + " conditions; this one was left out");
            discardFollowing();
            return;
        }
        if (window.isPresent() && !window.get().usable()) {
            report(window.get().text(), window.get().problem().orElseThrow());
            window = Optional.empty();
        }
        if (first && open != null && open.fork().conditions().size() < 8) {
            Optional<List<Node>> added = addCase(open, when, window.map(Span::duration), text);
            if (added.isEmpty()) {
                discardFollowing();
                return;
            }
            conditionCount++;
            path = open.into(added.get());
            forkInSentence = true;
            test.assets().forEach(asset -> placeholders.add(asset, open.fork().id(), true));
            return;
        }
        boolean afterWait = !current().isEmpty() && current().get(current().size() - 1) instanceof Node.Wait;
        Node.Fork fork;
        if (test.trigger().isEmpty() || window.isEmpty() && afterWait) {
            fork = Node.Fork.branch(stepIds.unique(test.idBase(), "?"), when);
        } else {
            Duration timeout;
            if (window.isPresent()) {
                timeout = window.get().duration();
                window.get().note().ifPresent(notes::add);
            } else {
                timeout = Duration.ofDays(DEFAULT_WINDOW_DAYS);
                notes.add("'" + Words.shorten(text, 60) + "' says no time: it waits up to " + DEFAULT_WINDOW_DAYS
                        + " days (the default)");
            }
            fork = Node.Fork.eventWait(stepIds.unique(test.idBase(), "?"), new Node.Fork.EventWait(
                    test.trigger().get(), test.about(), timeout, negated), when);
        }
        List<List<Node>> parentPath = new ArrayList<>(path);
        if (append(fork.id(), ignored -> fork, text)) {
            conditionCount++;
            test.assets().forEach(asset -> placeholders.add(asset, fork.id(), true));
            Open made = new Open(fork, parentPath);
            if (!forkInSentence) {
                open = made;
                forkInSentence = true;
            }
            path = made.into(fork.cases().get(0));
        } else {
            discardFollowing();
        }
    }

    /** The last message sent before this point on the path being written, if any. */
    private Optional<Node.Send> lastSendOnPath() {
        for (int f = path.size() - 1; f >= 0; f--) {
            List<Node> steps = path.get(f);
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i) instanceof Node.Send send) {
                    return Optional.of(send);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a condition repeats the open one ("if they don't open it, send it again. If they
     * still don't open it..."): then it continues inside that condition's case.
     */
    private boolean repeatsOpen(Condition when) {
        return open != null && open.fork().conditions().size() == 1 && open.fork().conditions().get(0).equals(when);
    }

    /** Returns what a happening tests: an open or click of a message sent before, or an event. */
    private Optional<Test> test(Happening happening, String text) {
        if (happening.isEngagement()) {
            Optional<Node.Send> last = lastSendOnPath();
            if (last.isEmpty()) {
                report(text, "an open or a click needs a message sent before it");
                return Optional.empty();
            }
            Node.Send send = last.get();
            Optional<Asset> link = happening.asset();
            if (!happening.messageWords().isEmpty()) {
                String words = Words.slug(happening.messageWords().stream().filter(w -> !Set.of("email", "message",
                        "text", "sms", "notification", "push", "link", "emails", "messages").contains(w)).toList());
                Optional<Node.Send> named = Optional.empty();
                for (int i = sends.size() - 1; i >= 0 && named.isEmpty() && !words.isEmpty(); i--) {
                    String slug = sendSlugs.get(sends.get(i));
                    if (slug.equals(words) || slug.contains(words) || !slug.isEmpty() && words.contains(slug)) {
                        named = Optional.of(sends.get(i));
                    }
                }
                if (named.isPresent()) {
                    send = named.get();
                } else if (happening.kind() == Happening.Kind.CLICKED && link.isEmpty() && !words.isEmpty()) {
                    link = Optional.of(new Asset(Placeholder.Kind.LINK, words, String.join(" ",
                            happening.messageWords())));
                } else if (!words.isEmpty()) {
                    notes.add("'" + Words.shorten(text, 60) + "' names no message sent before it: it is about '"
                            + send.id() + "', the last one");
                }
            }
            String sendId = send.id();
            if (happening.kind() == Happening.Kind.OPENED) {
                return Optional.of(new Test(Condition.opened(sendId), Optional.of(Trigger.on(happening.eventType())),
                        Optional.of(sendId), "opened-" + sendId, List.of()));
            }
            if (link.isPresent()) {
                String linkId = placeholders.peek(link.get(), true);
                return Optional.of(new Test(Condition.clicked(sendId, linkId), Optional.of(Trigger.on(
                        happening.eventType()).where(Condition.payload(Event.LINK).isEqualTo(linkId))),
                        Optional.of(sendId), "clicked-" + (link.get().slug().isEmpty() ? sendId : link.get().slug()),
                        List.of(link.get())));
            }
            return Optional.of(new Test(Condition.clickedAnyLink(sendId), Optional.of(Trigger.on(
                    happening.eventType())), Optional.of(sendId), "clicked-" + sendId, List.of()));
        }
        Trigger trigger = trigger(happening, Optional.empty());
        return Optional.of(new Test(Condition.happenedSinceEntry(trigger.eventType(), trigger.filter()),
                Optional.of(trigger), Optional.empty(), happeningSlug(happening),
                happening.asset().map(List::of).orElse(List.of())));
    }

    private static boolean isComplement(Node.Fork fork, Condition when) {
        if (fork.conditions().size() != 1) {
            return false;
        }
        Condition existing = fork.conditions().get(0);
        return existing.equals(Condition.not(when)) || when.equals(Condition.not(existing));
    }

    /** The steps of the other case: the otherwise list of a branch, or of a wait for an event. */
    private static List<Node> complement(Node.Fork fork) {
        return fork.otherwise();
    }

    /**
     * Adds a case to an open fork and returns its list of steps; a wait for an event becomes a wait
     * and a branch, which needs room for one more step: without it, nothing is added.
     */
    private Optional<List<Node>> addCase(Open open, Condition when, Optional<Duration> window, String text) {
        Node.Fork fork = open.fork();
        if (fork.eventWait().isEmpty()) {
            return Optional.of(fork.addCase(when));
        }
        if (!countStep(text, "this condition needs a wait before it, so it was left out")) {
            return Optional.empty();
        }
        Duration timeout = fork.eventWait().get().timeout();
        int at = indexOf(open.parent(), fork);
        String waitId = stepIds.unique("wait-" + Words.slug(Words.duration(timeout)), "");
        Node.Fork branch = fork.toBranch(stepIds.unique(fork.id().replace("?", "") + "-or-more", "?"));
        open.parent().set(at, branch);
        open.parent().add(at, new Node.Wait(waitId, new Delay.Fixed(timeout)));
        notes.add("the conditions of '" + fork.id() + "' and the one after it are checked together, after a wait of "
                + Words.duration(timeout));
        this.open = new Open(branch, open.parentPath());
        window.ifPresent(w -> notes.add("the time of the added condition was not used: the branch is checked after "
                + Words.duration(timeout)));
        return Optional.of(branch.addCase(when));
    }

    private static int indexOf(List<Node> list, Node node) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == node) {
                return i;
            }
        }
        throw new AssertionError(node.id());
    }

    // ---- events ----------------------------------------------------------------------------

    /**
     * The trigger for a happening that is not an open or a click.
     *
     * @param happening the happening
     * @param usedAt where the trigger is used, to record with its placeholder; empty to only name
     *     the placeholder, which the caller makes once the trigger is placed
     */
    private Trigger trigger(Happening happening, Optional<String> usedAt) {
        Optional<String> asset = happening.asset().map(a -> usedAt.isPresent() ? placeholders.add(a, usedAt.get(), true)
                : placeholders.peek(a, true));
        return switch (happening.kind()) {
            case FORM -> {
                eventTypes.add(happening.eventType());
                yield Trigger.on(happening.eventType()).where(Condition.payload("form").isEqualTo(asset.orElseThrow()));
            }
            case REGISTRATION -> {
                eventTypes.add(happening.eventType());
                yield Trigger.on(happening.eventType()).where(Condition.payload("event").isEqualTo(asset.orElseThrow()));
            }
            case KNOWN -> {
                eventTypes.add(happening.eventType());
                yield Trigger.on(happening.eventType());
            }
            case CUSTOM -> Trigger.on(asset.orElseThrow());
            case OPENED, CLICKED -> Trigger.on(happening.eventType());
        };
    }

    private static String happeningSlug(Happening happening) {
        return switch (happening.kind()) {
            case FORM -> happening.asset().map(Asset::slug).filter(s -> !s.isEmpty()).map(s -> s + "-form")
                    .orElse("form");
            case REGISTRATION -> happening.asset().map(Asset::slug).filter(s -> !s.isEmpty())
                    .map(s -> s + "-registration").orElse("registration");
            case KNOWN -> Words.slug(happening.eventType());
            case CUSTOM -> happening.asset().map(Asset::slug).filter(s -> !s.isEmpty()).orElse("custom-event");
            case OPENED -> "opened";
            case CLICKED -> "clicked";
        };
    }
}
