package dev.journeys.dsl.draft;

import dev.journeys.core.JourneyDefinition;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in drafter: reads a request with a fixed vocabulary and fixed rules, deterministic,
 * with no network and no model. The same request, clock reading and zone always give the same
 * draft.
 *
 * <p><b>What it understands.</b>
 * <ul>
 *   <li><b>Entries</b>: a form or landing page submitted ("after a landing page is completed",
 *       "when someone fills in the contact form": {@code form.submitted}, the form a placeholder);
 *       a registration ("registers for the spring webinar": {@code event.registered}, the event a
 *       placeholder); business events: a purchase ({@code purchase.completed}), an abandoned cart
 *       ({@code checkout.abandoned}), a new lead ({@code lead.created}), a qualified lead
 *       ({@code lead.qualified}), a sign-up ({@code account.created}); a custom event ("when the
 *       trial-ended event arrives", "when a subscription is cancelled", "when a customer books a
 *       table": its type a placeholder; an event type written as one, {@code trial.ended}, is used
 *       as written); a segment on a date ("on March 10, send the teaser to the loyalty members in
 *       Texas"), or every day or week ("every Monday at 8am").</li>
 *   <li><b>Sends</b>: "send", "email", "text", "remind", "follow up with"; by email, SMS (text)
 *       or push, "in their preferred channel" (the contact's preferred channel among email, SMS
 *       and push, or among the ones named: "by email or SMS"), or on each ("by email and SMS"). A
 *       send that names no channel uses the one before it, or email.</li>
 *   <li><b>Waits</b>: "wait two days", "48 hours", "a week", "24h", "after 3 days", "two days
 *       later", "the next day", "a few hours", "the next morning" (09:00 in the contact's zone),
 *       "until 9am", "until March 17"; counts in digits or in words (one to ninety-nine, "a",
 *       "a couple of").</li>
 *   <li><b>Conditions</b>: "if they open it", "if they click the pricing link", "if they don't
 *       open it within 3 days", "if they buy within a week", "if they are a loyalty member", "if
 *       their tier is gold"; "otherwise", "if not", "if they don't".</li>
 *   <li><b>Stops and goals</b>: "stop if they purchase", "end when the lead is qualified", "if
 *       they buy, stop", "anyone who buys leaves the journey", "the goal is a purchase".</li>
 *   <li><b>Actions</b>: "create a task for sales", "alert the sales queue", "notify the account
 *       manager", "add them to the VIP list", "let sales know": a host action, its name a
 *       placeholder.</li>
 *   <li><b>Governance</b>: "no more than 2 emails a week" (a frequency cap on the journey),
 *       "no messages between 9pm and 8am" / "not at night" (quiet hours), "people can enter only
 *       once" / "at most once a month" (re-entry), "exclude employees" (an exclusion segment);
 *       "call it Spring welcome" (the name).</li>
 * </ul>
 *
 * <p><b>How it places what it reads.</b> A condition's steps are those after it in its sentence;
 * a sentence that starts with "otherwise" or "if not" is the other case, one that starts with
 * another condition adds a case, and any other sentence returns to the main path. An open or a
 * click is about the last message sent before it, or the one it names. A condition with a time
 * waits for what it asks about up to that time; one right after a wait is a branch checked when
 * the wait ends; one with neither waits up to three days.
 *
 * <p><b>Defaults</b>: "a few" and "several" are 3 (hours, days...); a month is 30 days; a date
 * with no year is the first such date from today; a weekday is the next one after today; a
 * date or a day with no time means 09:00 in the drafter's zone; an hour with no am or pm is
 * 8-11 in the morning, 12 noon and 1-7 in the afternoon (for quiet hours, the start is in the
 * evening and the end in the morning); "at night" is 21:00 to 08:00; a condition with no time
 * waits three days. Each default it used is listed in the checklist.
 *
 * <p><b>Limits</b>: it reads the first {@value #MAX_SENTENCES} sentences, each of at most
 * {@value #MAX_WORDS} words, and writes at most {@value #MAX_STEPS} steps and
 * {@value #MAX_CONDITIONS} conditions; the rest is reported as not understood. The time it takes
 * grows linearly with the length of the request (a 100 KB request is read in milliseconds). It
 * never throws for any text: a failure of its own is reported as a draft with no journey.
 *
 * <p>Immutable and thread-safe.
 */
public final class RuleBasedDrafter implements JourneyDrafter {

    /** The most sentences read from one request. */
    public static final int MAX_SENTENCES = 100;

    /** The most words in a sentence that is read. */
    public static final int MAX_WORDS = 120;

    /** The most steps in a draft. */
    public static final int MAX_STEPS = 100;

    /** The most conditions in a draft. */
    public static final int MAX_CONDITIONS = 30;

    private final InstantSource clock;
    private final ZoneId zone;

    private RuleBasedDrafter(InstantSource clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Returns a drafter.
     *
     * @param clock where "today" comes from; read once per draft
     * @param zone the zone in which dates and times of day are read
     * @return the drafter
     */
    public static RuleBasedDrafter of(InstantSource clock, ZoneId zone) {
        return new RuleBasedDrafter(clock, zone);
    }

    @Override
    public Draft draft(String request) {
        Objects.requireNonNull(request, "request");
        try {
            return draftOrFail(request);
        } catch (RuntimeException bug) {
            return Draft.refusal(request, List.of(new NotUnderstood(0, "", "the drafter failed on this request "
                    + "(a bug; please report it): " + bug)));
        }
    }

    private Draft draftOrFail(String request) {
        if (request.isBlank()) {
            return Draft.refusal(request, List.of(new NotUnderstood(0, "", "the request is empty: describe what "
                    + "starts the journey and what the customer receives, such as 'After a landing page is completed, "
                    + "send a thank you message. Then wait two days and send a survey.'")));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Requests.Split split = Requests.split(request, MAX_SENTENCES, MAX_WORDS);
        if (split.sentences().isEmpty()) {
            return Draft.refusal(request, List.of(new NotUnderstood(0, "", "the request has no words the drafter "
                    + "can read")));
        }
        ClauseReader reader = new ClauseReader(new Calendar(today));
        List<List<Clause>> clauses = new ArrayList<>();
        for (Sentence sentence : split.sentences()) {
            clauses.add(reader.read(sentence, MAX_WORDS));
        }
        Assembler assembler = new Assembler(new Calendar(today), zone, MAX_STEPS, MAX_CONDITIONS);
        assembler.assemble(split.sentences(), clauses);
        Plan plan = assembler.plan();
        List<NotUnderstood> notUnderstood = new ArrayList<>(plan.notUnderstood());
        if (!plan.steps().isEmpty()) {
            plan.entryNote().ifPresent(notUnderstood::add);
        }
        if (split.unread() > 0) {
            notUnderstood.add(new NotUnderstood(MAX_SENTENCES + 1, "", "the request has " + split.unread()
                    + " more sentences after the first " + MAX_SENTENCES + "; the drafter reads no further: "
                    + "split the request, or say it more briefly"));
        }
        notUnderstood.sort(Comparator.comparingInt(NotUnderstood::sentence));
        if (plan.steps().isEmpty()) {
            notUnderstood.add(0, new NotUnderstood(0, "", "nothing to send or do: the drafter found no message, "
                    + "wait or action in the request"));
            return new Draft(request, Optional.empty(), List.of(), notUnderstood,
                    List.of("Nothing was drafted: the request names no message, wait or action the drafter knows."));
        }
        String id = plan.journeySlug().isEmpty() ? "draft" : "draft-" + plan.journeySlug();
        int named = 0;
        while (named < clauses.size() - 1 && clauses.get(named).stream().allMatch(Clause.Unknown.class::isInstance)) {
            named++;
        }
        String name = plan.name().orElse(Words.shorten(split.sentences().get(named).text(), 80));
        JourneyDefinition journey = JourneyWriter.write(id, name, plan);
        return new Draft(request, Optional.of(journey), plan.placeholders(), notUnderstood,
                Checklist.of(plan, journey, plan.placeholders(), notUnderstood));
    }
}
