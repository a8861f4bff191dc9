package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.ExitCause;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.StepCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.journeys.examples.ColdBrewLaunch.JOURNEY_ID;
import static dev.journeys.examples.ColdBrewLaunch.LAUNCH;
import static dev.journeys.examples.ColdBrewLaunch.SALE;
import static dev.journeys.examples.ColdBrewLaunch.SALE_REMINDER;
import static dev.journeys.examples.ColdBrewLaunch.TEASER_NEARBY;
import static dev.journeys.examples.ColdBrewLaunch.TEASER_ONLINE;
import static dev.journeys.examples.ColdBrewLaunch.TEASER_STEP;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S2, every "then", on the testkit's virtual clock. */
class ColdBrewLaunchTest {

    /** 08:00 in El Paso on launch day, the end of cruz's quiet hours. */
    private static final Instant EL_PASO_EIGHT = Instant.parse("2026-03-10T14:00:00Z");

    private JourneyTestEnvironment env;

    @BeforeEach
    void runTheStoryToTheDayAfterTheLaunch() {
        env = ColdBrewLaunch.story();
        env.advanceTo(LAUNCH.plus(Duration.ofDays(1)));
    }

    @AfterEach
    void close() {
        env.close();
    }

    private List<JourneyEvent.Entered> launchEntries(String contact) {
        return env.contact(contact).eventsOf(JourneyEvent.Entered.class).stream()
                .filter(entered -> entered.instance().journeyId().equals(JOURNEY_ID)).toList();
    }

    private OutgoingMessage teaserOf(String contact) {
        return env.contact(contact).sent().stream().filter(m -> m.key().journeyId().equals(JOURNEY_ID))
                .findFirst().orElseThrow(() -> new AssertionError(contact + " got no teaser"));
    }

    @Test
    void theSegmentsMembersAndOnlyThemAreEnrolledAtTheLaunch() {
        for (String member : List.of("ana", "ben", "cruz", "dana", "eli")) {
            assertThat(launchEntries(member)).as(member).singleElement()
                    .satisfies(entered -> assertThat(entered.at()).isEqualTo(LAUNCH));
        }
        assertThat(launchEntries("eve")).as("bought the concentrate 150 days before").isEmpty();
        assertThat(launchEntries("finn")).as("last cold-brew purchase 120 days before").isEmpty();
        assertThat(launchEntries("gus")).as("lives in Oklahoma").isEmpty();
        assertThat(launchEntries("hana")).as("not a loyalty member").isEmpty();
        assertThat(env.report().journey(JOURNEY_ID).entered()).isEqualTo(5);
    }

    @Test
    void nothingIsSentBeforeTheScheduledStart() {
        try (JourneyTestEnvironment early = ColdBrewLaunch.story()) {
            early.advanceTo(LAUNCH.minusMillis(1));

            assertThat(early.sent()).extracting(OutgoingMessage::message).doesNotContain(TEASER_NEARBY, TEASER_ONLINE);
            assertThat(early.engine().nextDueAt()).contains(LAUNCH);
        }
    }

    @Test
    void membersOutsideQuietHoursGetTheTeaserAtTheLaunchInstant() {
        assertThat(env.contact("ana")).receivedAt(TEASER_NEARBY, LAUNCH);
        assertThat(env.contact("ben")).receivedAt(TEASER_ONLINE, LAUNCH);
        assertThat(env.contact("eli")).receivedAt(TEASER_ONLINE, LAUNCH);
    }

    @Test
    void aMemberForWhomTheLaunchFallsInQuietHoursGetsTheTeaserWhenTheyEnd() {
        assertThat(env.contact("cruz")).received(TEASER_ONLINE).receivedAt(TEASER_ONLINE, EL_PASO_EIGHT);
        assertThat(env.contact("cruz").eventsOf(JourneyEvent.SendDeferred.class)).singleElement().satisfies(held -> {
            assertThat(held.at()).isEqualTo(LAUNCH);
            assertThat(held.until()).isEqualTo(EL_PASO_EIGHT);
            assertThat(held.reason()).contains("quiet hours 21:00-08:00");
        });
    }

    @Test
    void aContactWithANearestStoreGetsTheNearbyVariantNamingTheStore() {
        OutgoingMessage teaser = teaserOf("ana");

        assertThat(teaser.message()).isEqualTo(TEASER_NEARBY);
        assertThat(teaser.channel()).isEqualTo("email");
        assertThat(teaser.data().string("nearestStore")).contains("South Congress");
    }

    @Test
    void aContactWithoutANearestStoreGetsTheOnlineOnlyVariant() {
        OutgoingMessage teaser = teaserOf("ben");

        assertThat(teaser.message()).isEqualTo(TEASER_ONLINE);
        assertThat(teaser.data().string("nearestStore")).isEmpty();
        assertThat(env.contact("ben")).neverReceived(TEASER_NEARBY);
    }

    @Test
    void aContactWhoHadTwoEmailsFromAnotherJourneyInTheSevenDaysBeforeIsSkippedWithTheReason() {
        assertThat(env.contact("dana").sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple(SALE, LAUNCH.minus(Duration.ofDays(5)).plus(Duration.ofHours(2))),
                        tuple(SALE_REMINDER, LAUNCH.minus(Duration.ofDays(3)).plus(Duration.ofHours(2))));
        assertThat(env.contact("dana").eventsOf(JourneyEvent.MessageSkipped.class)).singleElement().satisfies(skip -> {
            assertThat(skip.instance().journeyId()).isEqualTo(JOURNEY_ID);
            assertThat(skip.stepId()).isEqualTo(TEASER_STEP);
            assertThat(skip.reason()).isEqualTo(SkipReason.CAPPED);
            assertThat(skip.at()).isEqualTo(LAUNCH);
        });
        assertThat(env.contact("dana")).exited(JOURNEY_ID, ExitCause.COMPLETED);
    }

    @Test
    void anEmailThatLeftTheCapsWindowDoesNotCount() {
        // eli's first sale email went out 8 days before the launch, the reminder 6: one in the window.
        assertThat(env.contact("eli")).received(SALE, SALE_REMINDER, TEASER_ONLINE);
    }

    @Test
    void theReportCountsTheSendsTheSkipAndItsReasonAndTheDeferral() {
        StepCounts teaser = env.report().journey(JOURNEY_ID).step(TEASER_STEP);

        assertThat(teaser.reached()).isEqualTo(5);
        assertThat(teaser.sent()).isEqualTo(4);
        assertThat(teaser.skipped()).containsExactly(Map.entry(SkipReason.CAPPED, 1L));
        assertThat(teaser.deferred()).isEqualTo(1);
        assertThat(env.report().toText()).contains("skipped 1 (CAPPED)");
    }

    @Test
    void theLaunchRunsOnceAndNobodyIsEnrolledTwice() {
        env.advanceTo(LAUNCH.plus(Duration.ofDays(30)));

        assertThat(env.engine().nextDueAt()).isEmpty();
        for (String member : List.of("ana", "ben", "cruz", "dana", "eli")) {
            assertThat(launchEntries(member)).as(member).hasSize(1);
        }
        assertThat(env.sent()).filteredOn(m -> m.key().journeyId().equals(JOURNEY_ID)).hasSize(4);
    }

    @Test
    void aContactWhoBecomesAMemberAfterTheLaunchIsNotEnrolledLater() {
        env.contacts().put(Contact.of("ivy").withZone(ColdBrewLaunch.CENTRAL).withConsent("email")
                .withAttributes(Attributes.of("loyaltyMember", true, "state", "TX")));
        env.accept(ColdBrewLaunch.purchase("bottle-ivy", "ivy", env.now(), "cold-brew", "cold-brew-bottle"));

        env.advanceTo(LAUNCH.plus(Duration.ofDays(30)));

        assertThat(launchEntries("ivy")).isEmpty();
    }

    @Test
    void theExampleProgramPrintsTheSegmentTheTimelinesAndTheReport() {
        String printed = Printed.by(ColdBrewLaunch::run);

        assertThat(printed)
                .contains("Segment cold-brew-fans: (((loyaltyMember == true) and (state == 'TX')) and (had 'purchase' "
                        + "where event.category == 'cold-brew' at least once in the last PT2160H)) and (never had "
                        + "'purchase' where event.product == 'cold-brew-concentrate')")
                .contains("held the send of [teaser] until 2026-03-10T14:00:00Z: quiet hours 21:00-08:00")
                .contains("skipped the send of [teaser]: CAPPED")
                .contains("Not enrolled: [eve, finn, gus, hana]")
                .contains("sent 4  skipped 1 (CAPPED)  deferred 1");
    }
}
