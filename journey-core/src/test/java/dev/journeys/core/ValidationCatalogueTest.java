package dev.journeys.core;

import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.validation.ValidationContext;
import dev.journeys.core.ValidationProblem.Code;
import dev.journeys.core.ValidationProblem.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.tuple;

/** The checks against what the host declared, the warnings, and caps that conflict. */
class ValidationCatalogueTest {

    private static final String UNPRODUCED = ", which no channel reports, the host did not declare and no journey "
            + "enters on; declare it with JourneyEngineBuilder.eventTypes";

    private static Step.Send send(String id, String message, ChannelChoice channel, MessageCategory category,
                                  String purpose, Optional<String> next) {
        return new Step.Send(id, message, channel, List.of(), category, purpose, next);
    }

    private static JourneyDefinition withCaps(JourneyDefinition journey, FrequencyCap... caps) {
        return journey.withPolicies(journey.policies().withCaps(List.of(caps)));
    }

    private static Step.WaitForEvent waitForEvent(String id, String eventType, Optional<String> onEvent,
                                                  Optional<String> onTimeout) {
        return new Step.WaitForEvent(id, Trigger.on(eventType), Optional.empty(), Duration.ofDays(3), false,
                onEvent, onTimeout);
    }

    /** Three emails a day apart: guide, tips, offer. */
    private static JourneyDefinition threeEmailsADayApart() {
        return journey("drip",
                email("guide", "guide", to("day-1")),
                waitFor("day-1", Duration.ofDays(1), to("tips")),
                email("tips", "tips", to("day-2")),
                waitFor("day-2", Duration.ofDays(1), to("offer")),
                email("offer", "offer", Optional.empty()));
    }

    // SEGMENT_JOURNEY_WITHOUT_SCHEDULE

    @Test
    void aSegmentJourneyWithoutAScheduleIsOnlyAWarning() {
        JourneyDefinition teaser = new JourneyDefinition("teaser", 1, "teaser", new Entry.FromSegment("texans"),
                "teaser", List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());
        JourneyDefinition scheduled = new JourneyDefinition("teaser", 1, "teaser",
                new Entry.FromSegment("texans", Optional.of(Schedule.at(T))), "teaser",
                List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());

        assertThat(JourneyValidator.validate(teaser))
                .extracting(ValidationProblem::code, ValidationProblem::severity, ValidationProblem::message)
                .containsExactly(tuple(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE, Severity.WARNING, "journey 'teaser' "
                        + "enrols from segment 'texans' but has no schedule, so nobody enters until the host calls "
                        + "JourneyEngine.enrolSegment or enrol"));
        assertThatCode(() -> JourneyValidator.requireValid(teaser)).doesNotThrowAnyException();
        assertThat(JourneyValidator.validate(scheduled)).isEmpty();
    }

    // UNBOUND_MESSAGE

    @Test
    void everyMessageAndVariantMustBeInTheCatalogueForEveryChannelTheSendMayUse() {
        JourneyDefinition journey = journey("promo",
                new Step.Send("guide", "guide", ChannelChoice.of("email"),
                        List.of(new ContentVariant(Condition.attribute("vip").isEqualTo(true), "guide-vip")),
                        to("teaser")),
                new Step.Send("teaser", "teaser-online", ChannelChoice.preferred("email", "sms"), List.of(),
                        to("typo")),
                email("typo", "brew-tipz", Optional.empty()));
        ValidationContext context = ValidationContext.none()
                .withMessages(List.of("guide", "brew-tips"))
                .withMessagesOn("email", List.of("teaser-online"));

        assertThat(JourneyValidator.validate(journey, context))
                .extracting(ValidationProblem::code, p -> p.stepId().orElseThrow(), ValidationProblem::message)
                .containsExactly(
                        tuple(Code.UNBOUND_MESSAGE, "guide", "step 'guide' sends content variant message 'guide-vip', "
                                + "which is not in the host's message catalogue; declare it with "
                                + "JourneyEngineBuilder.messages"),
                        tuple(Code.UNBOUND_MESSAGE, "teaser", "step 'teaser' may send message 'teaser-online' on "
                                + "[sms], for which the host's message catalogue has no asset; it has "
                                + "['teaser-online' on email]"),
                        tuple(Code.UNBOUND_MESSAGE, "typo", "step 'typo' sends message 'brew-tipz', which is not in "
                                + "the host's message catalogue; declare it with JourneyEngineBuilder.messages"));
        assertThat(JourneyValidator.validate(journey, context.withMessagesOn("sms", List.of("teaser-online"))
                .withMessages(List.of("brew-tipz", "guide-vip")))).isEmpty();
        assertThat(JourneyValidator.validate(journey)).as("no catalogue, no check").isEmpty();
    }

    @Test
    void anUnboundMessageIsAnError() {
        JourneyDefinition journey = journey("promo", email("hello", "hello", Optional.empty()));

        assertThat(JourneyValidator.report(journey, ValidationContext.none().withMessages(List.of()))
                .errors()).extracting(ValidationProblem::code).containsExactly(Code.UNBOUND_MESSAGE);
    }

    // NO_CONSENT_PURPOSE

    @Test
    void anUndeclaredPurposeIsAnErrorAndAMarketingSendOnTheDefaultPurposeAWarning() {
        JourneyDefinition journey = journey("news",
                send("issue", "issue", ChannelChoice.of("email"), MessageCategory.MARKETING, "newsletter", to("typo")),
                send("typo", "issue", ChannelChoice.of("email"), MessageCategory.MARKETING, "newsleter", to("promo")),
                send("promo", "promo", ChannelChoice.of("email"), MessageCategory.MARKETING, "marketing", to("receipt")),
                send("receipt", "receipt", ChannelChoice.of("email"), MessageCategory.TRANSACTIONAL, "transactional",
                        Optional.empty()));
        ValidationContext context = ValidationContext.none().withConsentPurposes(List.of("newsletter", "offers"));

        assertThat(JourneyValidator.validate(journey, context))
                .extracting(ValidationProblem::code, ValidationProblem::severity, p -> p.stepId().orElseThrow(),
                        ValidationProblem::message)
                .containsExactly(
                        tuple(Code.NO_CONSENT_PURPOSE, Severity.ERROR, "typo", "step 'typo' sends for purpose "
                                + "'newsleter', which is not a declared consent purpose; declared are [newsletter, offers]"),
                        tuple(Code.NO_CONSENT_PURPOSE, Severity.WARNING, "promo", "step 'promo' sends marketing with "
                                + "the default purpose 'marketing', which is not a declared consent purpose, so only "
                                + "contacts who consented to every purpose on its channel receive it; give it one of "
                                + "[newsletter, offers]"));
        assertThat(JourneyValidator.validate(journey, context.withConsentPurposes(List.of("newsleter", "marketing"))))
                .isEmpty();
        assertThat(JourneyValidator.validate(journey)).as("no purposes declared, no check").isEmpty();
    }

    // UNPRODUCED_EVENT

    @Test
    void anEventTypeNothingProducesIsAWarningOnceTheHostDeclaredItsEventTypes() {
        JourneyDefinition other = journey("demo-follow-up", email("thanks", "thanks", Optional.empty()));
        other = new JourneyDefinition("demo-follow-up", 1, "demo", new Entry.OnEvent(Trigger.on("demo.booked")),
                "thanks", other.steps(), List.of(), Optional.empty());
        JourneyDefinition base = new JourneyDefinition("leads", 1, "leads", new Entry.OnEvent(Trigger.on("lead.created")),
                "clicked", List.of(
                        waitForEvent("clicked", InteractionTypes.LINK_CLICKED, to("demo"), to("demo")),
                        waitForEvent("demo", "demo.booked", to("again"), to("again")),
                        waitForEvent("again", "lead.created", to("signed"), to("signed")),
                        waitForEvent("signed", "contract.signed", to("call"), to("call")),
                        waitForEvent("call", "call.done", Optional.empty(), Optional.empty())),
                List.of(Trigger.on("purchase.completed"), Trigger.on(InteractionTypes.UNSUBSCRIBED)),
                Optional.of(new JourneyGoal("qualified", Trigger.on("lead.qualified"), true)));
        JourneyDefinition leads = base.withPolicies(base.policies().withPausing(
                new Pausing(List.of(Trigger.on("opportunity.created")), List.of(Trigger.on("opportunity.lost")))));
        ValidationContext context = ValidationContext.none().withEventTypes(List.of("contract.signed"))
                .withJourneys(List.of(other));

        assertThat(JourneyValidator.validate(leads, context))
                .extracting(ValidationProblem::code, ValidationProblem::severity, p -> p.stepId().orElse(null),
                        ValidationProblem::message)
                .containsExactly(
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, "call",
                                "step 'call' waits for event type 'call.done'" + UNPRODUCED),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, null,
                                "journey 'leads' exits on event type 'purchase.completed'" + UNPRODUCED),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, null,
                                "goal 'qualified' of journey 'leads' is reached on event type 'lead.qualified'" + UNPRODUCED),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, null,
                                "journey 'leads' pauses on event type 'opportunity.created'" + UNPRODUCED),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, null,
                                "journey 'leads' resumes on event type 'opportunity.lost'" + UNPRODUCED));
        assertThat(JourneyValidator.validate(leads, context.withEventTypes(List.of("call.done", "purchase.completed",
                "lead.qualified", "opportunity.created", "opportunity.lost")))).isEmpty();
        assertThat(JourneyValidator.validate(leads)).as("no event types declared, no check").isEmpty();
    }

    // UNBOUND_CHANNEL and UNBOUND_ACTION through a context

    @Test
    void channelsAndActionsAreCheckedWhenTheContextBindsThem() {
        JourneyDefinition journey = journey("alerts",
                new Step.Send("text", "text", ChannelChoice.of("sms"), List.of(), to("alert")),
                new Step.Action("alert", "alert-sales", Attributes.empty(), Optional.empty()));

        assertThat(JourneyValidator.validate(journey, ValidationContext.none().withChannels(List.of("email"))
                .withActions(List.of("create-task"))))
                .extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(
                        tuple(Code.UNBOUND_CHANNEL, "step 'text' sends on [sms], which no channel is bound to; bind "
                                + "one with JourneyEngineBuilder.channel, or set a defaultChannel"),
                        tuple(Code.UNBOUND_ACTION, "action 'alert-sales' of step 'alert' has no handler; register one "
                                + "with JourneyEngineBuilder.action"));
        assertThat(JourneyValidator.validate(journey)).isEmpty();
    }

    // CONFLICTING_CAPS: caps that never apply

    @Test
    void aJourneyCapThatCountsNoneOfTheJourneysSendsIsAWarning() {
        JourneyDefinition receipts = journey("receipts",
                send("receipt", "receipt", ChannelChoice.of("email"), MessageCategory.TRANSACTIONAL, "transactional",
                        Optional.empty()));
        JourneyDefinition capped = withCaps(receipts, FrequencyCap.of(1, Duration.ofDays(1)).onChannel("sms"),
                FrequencyCap.of(1, Duration.ofDays(1)).onChannel("email"),
                FrequencyCap.of(1, Duration.ofDays(1)).onChannel("email").includingTransactional());
        JourneyDefinition silent = withCaps(journey("silent", waitFor("rest", Duration.ofDays(1), Optional.empty())),
                FrequencyCap.of(1, Duration.ofDays(1)));

        assertThat(JourneyValidator.validate(capped))
                .extracting(ValidationProblem::code, ValidationProblem::severity, ValidationProblem::message)
                .containsExactly(
                        tuple(Code.CONFLICTING_CAPS, Severity.WARNING, "journey cap 'at most 1 marketing message on "
                                + "sms per PT24H' never applies: no send of the journey uses channel 'sms'; they use [email]"),
                        tuple(Code.CONFLICTING_CAPS, Severity.WARNING, "journey cap 'at most 1 marketing message on "
                                + "email per PT24H' never applies: every send it could count is transactional, and it "
                                + "counts marketing messages only"));
        assertThat(JourneyValidator.validate(silent)).extracting(ValidationProblem::message).containsExactly(
                "journey cap 'at most 1 marketing message per PT24H' never applies: the journey sends nothing");
    }

    @Test
    void aCapThatAnotherOfTheSameChannelCategoryAndWindowIsAlwaysReachedBeforeIsAWarning() {
        FrequencyCap twoAWeek = FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email");
        JourneyDefinition journey = withCaps(journey("promo", email("hello", "hello", Optional.empty())),
                FrequencyCap.of(3, Duration.ofDays(7)).onChannel("email"),
                twoAWeek,
                twoAWeek,
                twoAWeek.exitingWhenReached(),
                FrequencyCap.of(1, Duration.ofDays(1)).onChannel("email"));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::message).containsExactly(
                "journey cap 'at most 3 marketing messages on email per PT168H' never applies: journey cap 'at most 2 "
                        + "marketing messages on email per PT168H' counts the same messages in the same window and is "
                        + "reached first",
                "journey cap 'at most 2 marketing messages on email per PT168H' is declared twice; the second never applies",
                "journey cap 'at most 2 marketing messages on email per PT168H, exit when reached' never applies: "
                        + "journey cap 'at most 2 marketing messages on email per PT168H' counts the same messages in "
                        + "the same window and is reached first");
    }

    @Test
    void aJourneyCapThatAnEngineCapIsAlwaysReachedBeforeIsAWarning() {
        JourneyDefinition journey = withCaps(journey("promo", email("hello", "hello", Optional.empty())),
                FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email"),
                FrequencyCap.of(1, Duration.ofDays(7)).onChannel("email"));
        ValidationContext context = ValidationContext.none().withEngineCaps(List.of(
                FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email")));

        assertThat(JourneyValidator.validate(journey, context)).extracting(ValidationProblem::message).containsExactly(
                "journey cap 'at most 2 marketing messages on email per PT168H' never applies: journey cap 'at most 1 "
                        + "marketing message on email per PT168H' counts the same messages in the same window and is "
                        + "reached first");
        assertThat(JourneyValidator.validate(withCaps(journey("promo", email("hello", "hello", Optional.empty())),
                FrequencyCap.of(3, Duration.ofDays(7)).onChannel("email")), context))
                .extracting(ValidationProblem::message).containsExactly(
                        "journey cap 'at most 3 marketing messages on email per PT168H' never applies: engine cap 'at "
                                + "most 2 marketing messages on email per PT168H' counts the same messages of every "
                                + "journey in the same window and is reached first");
    }

    // CONFLICTING_CAPS: the journey's own sends reach a cap that exits or defers too little

    @Test
    void sendsAlongAPathThatReachAnExitingCapWithinItsWindowAreAWarningAtTheSendThatExits() {
        JourneyDefinition journey = withCaps(threeEmailsADayApart(),
                FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email").exitingWhenReached());

        assertThat(JourneyValidator.validate(journey))
                .extracting(ValidationProblem::code, ValidationProblem::severity, p -> p.stepId().orElseThrow(),
                        ValidationProblem::message)
                .containsExactly(tuple(Code.CONFLICTING_CAPS, Severity.WARNING, "offer", "steps 'guide' to 'offer' can "
                        + "send 3 messages that journey cap 'at most 2 marketing messages on email per PT168H, exit when "
                        + "reached' counts within PT48H (waits at their shortest, other caps aside), so a contact sent "
                        + "them all exits at 'offer'"));
    }

    @Test
    void sendsSpreadWiderThanTheWindowOrACapThatSkipsAreNotReported() {
        JourneyDefinition journey = withCaps(threeEmailsADayApart(),
                FrequencyCap.of(2, Duration.ofHours(47)).onChannel("email").exitingWhenReached(),
                FrequencyCap.of(1, Duration.ofDays(7)));

        assertThat(JourneyValidator.validate(journey)).isEmpty();
    }

    @Test
    void aLoopThatReachesAnExitingCapIsReportedAtTheLoopingSend() {
        JourneyDefinition daily = withCaps(journey("daily",
                        email("digest", "digest", to("day")),
                        waitFor("day", Duration.ofDays(1), to("digest"))),
                FrequencyCap.of(2, Duration.ofDays(7)).exitingWhenReached());

        assertThat(JourneyValidator.validate(daily)).extracting(p -> p.stepId().orElseThrow(), ValidationProblem::message)
                .containsExactly(tuple("digest", "step 'digest', looping, can send 3 messages that journey cap 'at most "
                        + "2 marketing messages per PT168H, exit when reached' counts within PT48H (waits at their "
                        + "shortest, other caps aside), so a contact sent them all exits at 'digest'"));
    }

    @Test
    void aCapAllowingManySendsIsTracedQuickly() {
        JourneyDefinition hourly = withCaps(journey("hourly",
                        email("ping", "ping", to("hour")),
                        waitFor("hour", Duration.ofHours(1), to("ping"))),
                FrequencyCap.of(Integer.MAX_VALUE, Duration.ofDays(365)).exitingWhenReached(),
                FrequencyCap.of(167, Duration.ofDays(7)).onChannel("email").exitingWhenReached());

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(JourneyValidator.validate(hourly))
                .extracting(ValidationProblem::message).containsExactly("step 'ping', looping, can send 168 messages "
                        + "that journey cap 'at most 167 marketing messages on email per PT168H, exit when reached' "
                        + "counts within PT167H (waits at their shortest, other caps aside), so a contact sent them "
                        + "all exits at 'ping'"));
    }

    @Test
    void theEventExitOfAWaitForAnEventTakesNoTimeButItsTimeOutDoes() {
        JourneyDefinition journey = withCaps(journey("nudge",
                        email("invite", "invite", to("opened?")),
                        waitForEvent("opened?", InteractionTypes.OPENED, to("thanks"), to("reminder")),
                        email("thanks", "thanks", Optional.empty()),
                        email("reminder", "reminder", Optional.empty())),
                FrequencyCap.of(1, Duration.ofDays(2)).exitingWhenReached());

        assertThat(JourneyValidator.validate(journey)).extracting(p -> p.stepId().orElseThrow(), ValidationProblem::message)
                .containsExactly(tuple("thanks", "steps 'invite' to 'thanks' can send 2 messages that journey cap 'at "
                        + "most 1 marketing message per PT48H, exit when reached' counts within PT0S (waits at their "
                        + "shortest, other caps aside), so a contact sent them all exits at 'thanks'"));
    }

    @Test
    void aDeferringCapWhoseMaxDeferralIsShorterThanTheWindowNeedsIsAWarning() {
        JourneyDefinition tooShort = withCaps(threeEmailsADayApart(),
                FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email").deferringUpTo(Duration.ofDays(2)));
        JourneyDefinition longEnough = withCaps(threeEmailsADayApart(),
                FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email").deferringUpTo(Duration.ofDays(5)));

        assertThat(JourneyValidator.validate(tooShort)).extracting(p -> p.stepId().orElseThrow(), ValidationProblem::message)
                .containsExactly(tuple("offer", "steps 'guide' to 'offer' can send 3 messages that journey cap 'at "
                        + "most 2 marketing messages on email per PT168H, deferred up to PT48H' counts within PT48H "
                        + "(waits at their shortest, other caps aside), so 'offer' needs a deferral of PT120H, longer "
                        + "than the cap's PT48H, and is skipped"));
        assertThat(JourneyValidator.validate(longEnough)).isEmpty();
    }

    @Test
    void anEngineCapIsTracedAlongTheJourneysPathsToo() {
        JourneyDefinition journey = journey("pair",
                email("first", "first", to("later")),
                waitFor("later", Duration.ofHours(2), to("second")),
                new Step.Send("second", "second", ChannelChoice.preferred("sms", "email"), List.of(), Optional.empty()));
        ValidationContext context = ValidationContext.none().withEngineCaps(List.of(
                FrequencyCap.of(1, Duration.ofDays(1)).onChannel("email").exitingWhenReached()));

        assertThat(JourneyValidator.validate(journey, context)).extracting(ValidationProblem::message)
                .containsExactly("steps 'first' to 'second' can send 2 messages that engine cap 'at most 1 marketing "
                        + "message on email per PT24H, exit when reached' counts within PT2H (waits at their shortest, "
                        + "other caps aside), so a contact sent them all exits at 'second'");
        assertThat(JourneyValidator.validate(journey)).isEmpty();
    }

    // All at once

    @Test
    void aJourneyWithManyProblemsReportsThemAllAtOnceInAStableOrder() {
        JourneyDefinition base = new JourneyDefinition("mess", 1, "mess", new Entry.FromSegment("texans"), "hello",
                List.of(
                        email("hello", "hello", to("pause")),
                        waitFor("pause", Duration.ZERO, to("choose")),
                        new Step.Branch("choose", List.of(new Step.Case(Condition.opened("hello"), to("nowhere")))),
                        waitForEvent("orphan", "call.done", to("text"), Optional.empty()),
                        new Step.Send("text", "text", ChannelChoice.of("sms"), List.of(), to("alert")),
                        new Step.Action("alert", "alert-sales", Attributes.empty(), Optional.empty())),
                List.of(Trigger.on("purchase.completed")), Optional.empty());
        JourneyDefinition mess = withCaps(base, FrequencyCap.of(1, Duration.ofDays(1)).onChannel("push"));
        ValidationContext context = ValidationContext.none()
                .withChannels(List.of("email"))
                .withActions(List.of())
                .withMessages(List.of("hello"))
                .withConsentPurposes(List.of("newsletter"))
                .withEventTypes(List.of("lead.created"))
                .withSegments(Segments.none());

        List<ValidationProblem> problems = JourneyValidator.validate(mess, context);

        assertThat(problems).extracting(ValidationProblem::code, ValidationProblem::severity, p -> p.stepId().orElse(null))
                .containsExactly(
                        tuple(Code.WAIT_NOT_POSITIVE, Severity.ERROR, "pause"),
                        tuple(Code.DANGLING_REFERENCE, Severity.ERROR, "choose"),
                        tuple(Code.BRANCH_WITHOUT_OTHERWISE, Severity.ERROR, "choose"),
                        tuple(Code.UNREACHABLE_STEP, Severity.ERROR, "orphan"),
                        tuple(Code.UNREACHABLE_STEP, Severity.ERROR, "text"),
                        tuple(Code.UNREACHABLE_STEP, Severity.ERROR, "alert"),
                        tuple(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE, Severity.WARNING, null),
                        tuple(Code.CONFLICTING_CAPS, Severity.WARNING, null),
                        tuple(Code.NO_CONSENT_PURPOSE, Severity.WARNING, "hello"),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, "orphan"),
                        tuple(Code.UNBOUND_CHANNEL, Severity.ERROR, "text"),
                        tuple(Code.UNBOUND_MESSAGE, Severity.ERROR, "text"),
                        tuple(Code.NO_CONSENT_PURPOSE, Severity.WARNING, "text"),
                        tuple(Code.UNBOUND_ACTION, Severity.ERROR, "alert"),
                        tuple(Code.UNPRODUCED_EVENT, Severity.WARNING, null),
                        tuple(Code.UNKNOWN_SEGMENT, Severity.ERROR, null));
        assertThat(JourneyValidator.validate(mess, context)).as("the same order every time").isEqualTo(problems);
        ValidationReport report = JourneyValidator.report(mess, context);
        assertThat(report.errors()).hasSize(10);
        assertThat(report.warnings()).hasSize(6);
    }
}
