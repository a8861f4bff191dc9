package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.Timeline;
import dev.journeys.testkit.VirtualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** S1's rules over generated histories of clicks, purchases and duplicated events. */
class BrewBetterAtHomePropertyTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant BRANCH = T.plus(Duration.ofDays(2));

    /** One thing a contact does, some minutes after T. */
    record Act(int minute, String kind, String link) {
        Instant at() {
            return T.plus(Duration.ofMinutes(minute));
        }
    }

    @Provide
    Arbitrary<List<Act>> histories() {
        Arbitrary<Act> act = Combinators.combine(
                Arbitraries.integers().between(0, 4 * 24 * 60),
                Arbitraries.of("click", "click", "purchase", "duplicate-form"),
                Arbitraries.of("shop-grinders", "read-more")).as(Act::new);
        return act.list().ofMaxSize(6);
    }

    @Property(tries = 300, seed = "20261128")
    void everyContactGetsTheGuideThenExactlyTheBranchItEarnedAndNothingAfterAPurchase(
            @ForAll("histories") List<Act> history) {
        VirtualClock clock = VirtualClock.at(T);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(Contact.of("c").withConsent("email"));
        RecordingChannel email = MessageChannel.recording();
        Timeline timeline = new Timeline();
        JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .listener(timeline).duplicateWindow(Duration.ofDays(7)).journey(BrewBetterAtHome.journey()).build();

        engine.accept(BrewBetterAtHome.guideRequested("form", "c", T));
        String guideId = email.sent().get(0).messageId();
        List<Act> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparingInt(Act::minute));
        int n = 0;
        for (Act act : ordered) {
            TimeTravel.advanceTo(engine, clock, act.at());
            switch (act.kind()) {
                case "click" -> engine.accept(Event.linkClicked("e" + n++, "c", act.at(), guideId, act.link()));
                case "purchase" -> engine.accept(Event.of("e" + n++, "purchase.completed", "c", act.at()));
                default -> engine.accept(BrewBetterAtHome.guideRequested("form", "c", act.at())); // a duplicate
            }
        }
        TimeTravel.advanceTo(engine, clock, T.plus(Duration.ofDays(5)));

        // At BRANCH itself the timer fires before an event of that instant is fed, so only earlier acts count.
        boolean stoppedBeforeBranch = ordered.stream()
                .anyMatch(a -> a.kind().equals("purchase") && a.at().isBefore(BRANCH));
        boolean clickedGrinders = ordered.stream().anyMatch(a -> a.kind().equals("click")
                && a.link().equals("shop-grinders") && a.at().isBefore(BRANCH));
        Statistics.collect(stoppedBeforeBranch ? "purchased" : clickedGrinders ? "clicked" : "neither");

        List<OutgoingMessage> sent = email.sent();
        assertThat(sent.get(0).message()).isEqualTo("french-press-guide");
        if (stoppedBeforeBranch) {
            assertThat(sent).hasSize(1);
        } else {
            assertThat(sent).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("french-press-guide", T),
                    org.assertj.core.groups.Tuple.tuple(clickedGrinders ? "grinder-offer" : "brew-tips-soft-cta", BRANCH));
        }
        assertThat(timeline.of("c", JourneyEvent.Entered.class)).as("entered once").hasSize(1);
        assertThat(timeline.of("c", JourneyEvent.Exited.class)).as("accounted for at exactly one end").hasSize(1);
        assertThat(engine.state("c").orElseThrow().instances()).isEmpty();
    }
}
