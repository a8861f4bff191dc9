package dev.journeys.testkit;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.SkipReason;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.diagram.JourneyDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class JourneyTestEnvironmentTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private static final JourneyDefinition BREW_BETTER = Journey.withId("brew-better")
            .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("guide")))
            .exitWhen(on("purchase.completed"))
            .send("guide", Message.email("guide"))
            .waitFor("two-days", Duration.ofDays(2))
            .branch("clicked?", b -> b
                    .when(clicked("guide", "shop-grinders"), p -> p.send("offer", Message.email("grinder-offer")))
                    .otherwise(p -> p.send("tips", Message.email("brew-tips"))))
            .build();

    private static final Behaviour READERS = Behaviour.whenSent("guide")
            .opens(0.6, Duration.ofHours(2))
            .clicks("shop-grinders", 0.3, Duration.ofDays(1))
            .emits("purchase.completed", 0.1, Duration.ofDays(3));

    private static Event form(String contact, Instant at) {
        return Event.of("form-" + contact, "form.submitted", contact, at).withPayload(Attributes.of("form", "guide"));
    }

    private static JourneyTestEnvironment simulate(JourneyTestEnvironment.Builder given, int size, long seed) {
        Population population = Population.of(size).seed(seed).consent("email", 0.9);
        JourneyTestEnvironment env = given.journey(BREW_BETTER).population(population).behaviour(READERS).seed(seed)
                .build();
        population.contacts().forEach(c -> env.schedule(form(c.id(), T.plus(Duration.ofMinutes(c.id().hashCode() & 1023)))));
        env.advance(Duration.ofDays(10));
        return env;
    }

    @Test
    void givenWhenThenReadsLikeTheScenario(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER)
                .contact(Contact.of("ana").withConsent("email"))
                .contact(Contact.of("ben").withConsent("email"))
                .build();
        env.accept(form("ana", T));
        env.accept(form("ben", T));
        String guide = env.contact("ana").sent().get(0).messageId();
        env.schedule(Event.linkClicked("click", "ana", T.plus(Duration.ofHours(5)), guide, "shop-grinders"));

        env.advance(Duration.ofDays(3));

        assertThat(env.contact("ana")).received("guide", "grinder-offer")
                .receivedAt("grinder-offer", T.plus(Duration.ofDays(2)))
                .receivedWithin("grinder-offer", Duration.ofDays(2))
                .neverReceived("brew-tips")
                .exited("brew-better", ExitCause.COMPLETED);
        assertThat(env.contact("ben")).received("guide", "brew-tips");
    }

    @Test
    void failureMessagesShowTheContactsTimeline(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).contact(Contact.of("ana").withConsent("email")).build();
        env.accept(form("ana", T));

        assertThatThrownBy(() -> assertThat(env.contact("ana")).received("grinder-offer"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected contact 'ana' to have received exactly [grinder-offer] in that order, "
                        + "but received [guide]")
                .hasMessageContaining("2026-03-02T09:00:00Z  [two-days] waits for PT48H, until 2026-03-04T09:00:00Z");
        assertThatThrownBy(() -> assertThat(env.contact("ana")).isWaitingAt("brew-better", "clicked?"))
                .hasMessageContaining("but they are at 'two-days'");
        assertThat(env.contact("ana")).isWaitingAt("brew-better", "two-days");
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother(JourneyTestEnvironment.Builder first,
                                                             JourneyTestEnvironment.Builder second,
                                                             JourneyTestEnvironment.Builder third) {
        String a = simulate(first, 300, 7).fingerprint();
        String b = simulate(second, 300, 7).fingerprint();
        String c = simulate(third, 300, 8).fingerprint();

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void theReportAccountsForEveryContactAtExactlyOneEnd(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = simulate(given, 2_000, 42);

        JourneyCounts journey = env.report().journey("brew-better");

        assertThat(journey.entered()).isEqualTo(2_000);
        assertThat(journey.exited() + journey.waiting()).isEqualTo(journey.entered());
        assertThat(journey.waiting()).isZero();
        assertThat(journey.exits().get(ExitCause.EXIT_TRIGGER)).isBetween(100L, 300L);
        StepCounts guide = journey.step("guide");
        assertThat(guide.sent() + guide.skipped().getOrDefault(SkipReason.NO_CONSENT, 0L)).isEqualTo(2_000);
        long branched = journey.step("clicked?").reached();
        assertThat(journey.step("offer").reached() + journey.step("tips").reached()).isEqualTo(branched);
        assertThat(branched + journey.exits().get(ExitCause.EXIT_TRIGGER)).isEqualTo(2_000);
        assertThat(journey.step("offer").reached()).isBetween(400L, 650L);
        assertThat(env.report().toText()).contains("brew-better (brew-better): entered 2,000");
    }

    @Test
    void theReportsCountsAppearOnTheJourneyDiagram(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = simulate(given, 200, 3);
        JourneyCounts counts = env.report().journey("brew-better");

        String mermaid = JourneyDiagram.mermaid(BREW_BETTER, counts.toStepAnnotations());

        assertThat(mermaid).contains("<br/>entered 200\"])\n",
                "    n0[\"guide<br/>send guide by email<br/>reached 200 · sent " + counts.step("guide").sent(),
                "    n2{\"clicked?<br/>reached " + counts.step("clicked?").reached() + "\"}\n");
    }

    @Test
    void theHtmlReportIsSelfContainedAndShowsTheCounts(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = simulate(given, 100, 1);

        String html = env.reportHtml();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h3>clicked? <span class=\"kind\">Branch</span></h3>")
                .contains("reached 100").doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void progressIsReportedAsTheSimulationRuns(JourneyTestEnvironment.Builder given) {
        List<Progress> seen = new ArrayList<>();
        JourneyTestEnvironment env = given.journey(BREW_BETTER).population(Population.of(50).consent("email", 1.0))
                .onProgress(seen::add, 10).build();
        Population.of(50).contacts().forEach(c -> env.schedule(form(c.id(), T.plusSeconds(60))));

        env.advance(Duration.ofDays(3));

        assertThat(seen).hasSizeGreaterThan(5);
        assertThat(seen.get(seen.size() - 1).simulatedTime()).isEqualTo(T.plus(Duration.ofDays(3)));
        assertThat(seen.get(seen.size() - 1).steps()).isEqualTo(100);
    }

    @Test
    void populationsAreReproducibleAndFollowTheirWeights() {
        Population population = Population.of(10_000).seed(3).attribute("state", Map.of("TX", 0.7, "OK", 0.3))
                .zones(Map.of(ZoneId.of("America/Chicago"), 1.0)).consent("email", 0.5)
                .preferredChannel(Map.of("email", 1.0, "sms", 1.0));

        long texans = population.contacts().filter(c -> c.attributes().string("state").orElseThrow().equals("TX")).count();
        long consenting = population.contacts().filter(c -> c.hasConsented("email", "marketing")).count();

        assertThat(population.contact(17)).isEqualTo(Population.of(20).seed(3).attribute("state", Map.of("TX", 0.7, "OK", 0.3))
                .zones(Map.of(ZoneId.of("America/Chicago"), 1.0)).consent("email", 0.5)
                .preferredChannel(Map.of("email", 1.0, "sms", 1.0)).contact(17));
        assertThat(population.contact(0).id()).isEqualTo("contact-0000001");
        assertThat(texans).isBetween(6_800L, 7_200L);
        assertThat(consenting).isBetween(4_800L, 5_200L);
    }

    @Test
    void badInputIsRejectedWithTheValueNamed(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).build();

        assertThatThrownBy(() -> Behaviour.whenSent("guide").opens(1.5, Duration.ofHours(1)))
                .hasMessage("probability of opening 'guide' must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> Population.of(-1)).hasMessage("population size must not be negative, was -1");
        assertThatThrownBy(() -> Population.of(1).attribute("tier", Map.of("gold", 0.0)))
                .hasMessage("weight of gold in attribute 'tier' must be positive, was 0.0");
        assertThatThrownBy(() -> env.advance(Duration.ofMinutes(-1))).hasMessage("time cannot move backwards: advance by PT-1M");
        assertThatThrownBy(() -> env.advanceTo(T.minusSeconds(1)))
                .hasMessage("time cannot move backwards: from 2026-03-02T09:00:00Z to 2026-03-02T08:59:59Z");
        assertThatThrownBy(() -> env.contact("nobody")).hasMessage("no contact 'nobody' in this environment");
        assertThatThrownBy(() -> env.report().journey("nope")).hasMessageStartingWith("no journey 'nope' in the report");
        assertThatThrownBy(() -> env.schedule(Event.of("old", "x", "ana", T.minusSeconds(5))))
                .hasMessageStartingWith("event 'old' occurs at 2026-03-02T08:59:55Z, before the clock's time");
    }

    @Test
    void everyAssertionFailsWhenItsClaimIsFalse(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).contact(Contact.of("ana").withConsent("email")).build();
        env.accept(form("ana", T));
        env.advance(Duration.ofDays(1));
        env.accept(Event.of("p", "purchase.completed", "ana", env.now()));
        env.accept(Event.of("form-again", "form.submitted", "ana", env.now()).withPayload(Attributes.of("form", "guide")));
        ContactHistory ana = env.contact("ana");

        assertThatThrownBy(() -> assertThat(ana).hasReceived("brew-tips")).hasMessageContaining("to have received 'brew-tips'");
        assertThatThrownBy(() -> assertThat(ana).neverReceived("guide")).hasMessageContaining("never to receive 'guide'");
        assertThatThrownBy(() -> assertThat(ana).receivedAt("guide", T.plusSeconds(1)))
                .hasMessageContaining("but it was sent at 2026-03-02T09:00:00Z");
        assertThatThrownBy(() -> assertThat(ana).exited("brew-better", ExitCause.COMPLETED))
                .hasMessageContaining("but the last exit was EXIT_TRIGGER");
        assertThatThrownBy(() -> assertThat(ana).exited("brew-better", ExitCause.EXIT_TRIGGER))
                .hasMessageContaining("but they are in it again now");
        assertThatThrownBy(() -> assertThat((ContactHistory) null).receivedWithin("guide", Duration.ofDays(1)))
                .isInstanceOf(AssertionError.class);
        // The second guide came a day after the first entry, but at once after its own instance's entry.
        assertThat(ana).receivedWithin("guide", Duration.ZERO).hasReceived("guide").neverReceived("brew-tips");
        env.advance(Duration.ofDays(3));
        assertThatThrownBy(() -> assertThat(env.contact("ana")).receivedWithin("brew-tips", Duration.ofDays(1)))
                .hasMessageContaining("within PT24H of entering at 2026-03-03T09:00:00Z, but it was sent at 2026-03-05T09:00:00Z");
    }

    @Test
    void theReportsWaitingCountsMatchTheEnginesState(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).population(Population.of(500).consent("email", 1.0))
                .behaviour(READERS).seed(5).build();
        Population.of(500).contacts().forEach(c ->
                env.schedule(form(c.id(), T.plus(Duration.ofMinutes(c.id().hashCode() & 4095)))));

        env.advance(Duration.ofDays(2));

        long inEngine = Population.of(500).contacts()
                .filter(c -> env.engine().state(c.id()).flatMap(s -> s.instanceOf("brew-better")).isPresent()).count();
        JourneyCounts counts = env.report().journey("brew-better");
        assertThat(counts.waiting()).isEqualTo(inEngine).isGreaterThan(0);
        assertThat(counts.step("two-days").waiting()).isEqualTo(inEngine);
        assertThat(counts.entered()).isEqualTo(counts.exited() + counts.waiting());
    }

    @Test
    void twoBehavioursOfOneMessageDrawApartAndLoseNothing(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).population(Population.of(1_000).consent("email", 1.0))
                .behaviour(Behaviour.whenSent("guide").emits("purchase.completed", 0.5, Duration.ofDays(1)))
                .behaviour(Behaviour.whenSent("guide").clicks("shop-grinders", 0.5, Duration.ofHours(2)))
                .seed(9).build();
        Population.of(1_000).contacts().forEach(c -> env.schedule(form(c.id(), T)));

        env.advance(Duration.ofDays(3));

        JourneyCounts counts = env.report().journey("brew-better");
        assertThat(env.engine().stats().duplicateEvents()).isZero();
        // Buyers leave before the branch; of the rest, about half clicked.
        long bought = counts.exits().get(ExitCause.EXIT_TRIGGER);
        assertThat(bought).isBetween(430L, 570L);
        assertThat(counts.step("offer").reached()).isBetween((1_000 - bought) * 4 / 10, (1_000 - bought) * 6 / 10);
        assertThatThrownBy(() -> Behaviour.whenSent("guide").opens(0.5, Duration.ofNanos(10)))
                .hasMessage("reaction window must be at least 1 ms, was PT0.00000001S");
    }

    @Test
    void runUntilIdleHandlesEverythingWithinTheHorizonInTimeOrder(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER)
                .contact(Contact.of("ana").withConsent("email")).contact(Contact.of("ben").withConsent("email")).build();
        env.accept(form("ana", T));
        env.schedule(form("ben", T.plus(Duration.ofHours(1))));

        env.runUntilIdle(Duration.ofDays(1));

        assertThat(env.contact("ben")).received("guide");
        assertThat(env.now()).isEqualTo(T.plus(Duration.ofHours(1)));
        env.runUntilIdle(Duration.ofDays(5));
        assertThat(env.contact("ana")).received("guide", "brew-tips");
        assertThat(env.contact("ben")).received("guide", "brew-tips");
        assertThat(env.engine().nextDueAt()).isEmpty();
        assertThatThrownBy(() -> env.runUntilIdle(Duration.ofDays(-1))).hasMessage("horizon must not be negative, was PT-24H");
    }

    @Test
    void aHostHandlerRunsTheActionAndTheEnvironmentStillRecordsIt(JourneyTestEnvironment.Builder given) {
        JourneyDefinition alert = Journey.withId("alert").triggeredBy(on("lead.created"))
                .action("alert", "alert-sales-queue", Attributes.of("queue", "sales-emea"))
                .build();
        List<String> queues = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        JourneyTestEnvironment env = given.journey(alert).contact(Contact.of("ana"))
                .action("alert-sales-queue", request -> queues.add(request.parameters().string("queue").orElseThrow()))
                .engine(engine -> settings.add("first"))
                .engine(engine -> settings.add("second"))
                .build();

        env.accept(Event.of("l1", "lead.created", "ana", T));

        assertThat(queues).containsExactly("sales-emea");
        assertThat(env.actions()).singleElement().satisfies(r -> assertThat(r.action()).isEqualTo("alert-sales-queue"));
        assertThat(settings).containsExactly("first", "second");
        assertThatThrownBy(() -> JourneyTestEnvironment.builder().action("a", r -> { }).action("a", r -> { }))
                .hasMessage("action 'a' already has a handler");
    }
}
