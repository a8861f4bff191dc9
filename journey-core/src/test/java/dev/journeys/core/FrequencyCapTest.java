package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrequencyCapTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(Contact.of("ana").withConsent("email", "sms"));
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = new ArrayList<>();

    private static Step.Send send(String id, String channel, MessageCategory category, Optional<String> next) {
        return new Step.Send(id, id, ChannelChoice.of(channel), List.of(), category, next);
    }

    /** Entered by {@code type}, sends once on the channel. */
    private static JourneyDefinition oneSend(String id, String type, String channel, MessageCategory category,
                                             List<FrequencyCap> caps) {
        return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on(type)), id,
                List.of(send(id, channel, category, Optional.empty())), List.of(), Optional.empty(),
                JourneyPolicies.defaults().withReentry(ReentryRule.always()).withCaps(caps));
    }

    private JourneyEngine engine(List<FrequencyCap> engineCaps, JourneyDefinition... journeys) {
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .listener(events::add);
        engineCaps.forEach(builder::frequencyCap);
        for (JourneyDefinition journey : journeys) {
            builder.journey(journey);
        }
        return builder.build();
    }

    private void fire(JourneyEngine engine, String type, int n) {
        engine.accept(Event.of(type + "-" + n + "-" + clock.instant(), type, "ana", clock.instant()));
    }

    private List<String> sent() {
        return channel.sent().stream().map(OutgoingMessage::message).toList();
    }

    @Test
    void anEngineCapCountsEveryJourneyAndSkipsTheSendThatWouldExceedIt() {
        FrequencyCap twoPerWeek = FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email");
        try (JourneyEngine engine = engine(List.of(twoPerWeek),
                oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()),
                oneSend("teaser", "launch", "email", MessageCategory.MARKETING, List.of()))) {
            fire(engine, "promo", 1);
            clock.advance(Duration.ofDays(2));
            fire(engine, "promo", 2);
            clock.advance(Duration.ofDays(1));

            fire(engine, "launch", 1);

            assertThat(sent()).containsExactly("promo", "promo");
            assertThat(events).filteredOn(JourneyEvent.MessageSkipped.class::isInstance).singleElement()
                    .satisfies(e -> {
                        assertThat(((JourneyEvent.MessageSkipped) e).reason()).isEqualTo(SkipReason.CAPPED);
                        assertThat(((JourneyEvent.MessageSkipped) e).stepId()).isEqualTo("teaser");
                    });
            assertThat(engine.stats().messagesSkipped()).isEqualTo(1);

            clock.advance(Duration.ofDays(4)); // the first promo is now 7 days old: out of the window
            fire(engine, "launch", 2);
            assertThat(sent()).containsExactly("promo", "promo", "teaser");
        }
    }

    @Test
    void aJourneyCapCountsOnlyThatJourneysSends() {
        try (JourneyEngine engine = engine(List.of(),
                oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()),
                oneSend("daily", "tick", "email", MessageCategory.MARKETING, List.of(FrequencyCap.of(1, Duration.ofDays(1)))))) {
            fire(engine, "promo", 1);
            fire(engine, "tick", 1);
            fire(engine, "tick", 2);

            assertThat(sent()).containsExactly("promo", "daily");
        }
    }

    @Test
    void transactionalMessagesAndOtherChannelsAreNotCappedUnlessTheCapSaysSo() {
        FrequencyCap onePerDay = FrequencyCap.of(1, Duration.ofDays(1)).onChannel("email");
        try (JourneyEngine engine = engine(List.of(onePerDay),
                oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()),
                oneSend("receipt", "bought", "email", MessageCategory.TRANSACTIONAL, List.of()),
                oneSend("text", "texted", "sms", MessageCategory.MARKETING, List.of()))) {
            fire(engine, "promo", 1);
            fire(engine, "bought", 1);
            fire(engine, "texted", 1);
            fire(engine, "promo", 2);

            assertThat(sent()).containsExactly("promo", "receipt", "text");
        }
        channel.clear();
        try (JourneyEngine engine = engine(List.of(FrequencyCap.of(1, Duration.ofDays(1)).includingTransactional()),
                oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()),
                oneSend("receipt", "bought", "email", MessageCategory.TRANSACTIONAL, List.of()))) {
            fire(engine, "promo", 1);
            fire(engine, "bought", 1);

            assertThat(sent()).containsExactly("promo");
        }
    }

    @Test
    void theSendLogKeepsOnlyWhatTheLongestCapCanSeeAndNothingWithoutCaps() {
        try (JourneyEngine capped = engine(List.of(FrequencyCap.of(5, Duration.ofDays(1))),
                oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()))) {
            fire(capped, "promo", 1);
            assertThat(capped.state("ana").orElseThrow().sendLog()).hasSize(1);
            clock.advance(Duration.ofDays(2));
            fire(capped, "promo", 2);
            assertThat(capped.state("ana").orElseThrow().sendLog()).extracting(SentRecord::atMillis)
                    .containsExactly(clock.instant().toEpochMilli());
        }
        contacts.put(Contact.of("bob").withConsent("email"));
        try (JourneyEngine uncapped = engine(List.of(), oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of()))) {
            uncapped.accept(Event.of("p", "promo", "bob", clock.instant()));
            assertThat(uncapped.state("bob").orElseThrow().sendLog()).isEmpty();
        }
    }

    @Test
    void badCapsAreRejectedWithTheValueNamed() {
        assertThatThrownBy(() -> FrequencyCap.of(0, Duration.ofDays(7)))
                .hasMessage("frequency cap must allow at least 1 send, was 0");
        assertThatThrownBy(() -> FrequencyCap.of(2, Duration.ZERO))
                .hasMessage("frequency cap window must be positive, was PT0S");
    }

    @Provide
    Arbitrary<List<Integer>> gapsInHours() {
        return Arbitraries.integers().between(0, 60).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 200, seed = "7")
    void noContactEverReceivesMoreSendsInAnyWindowThanACapAllows(@ForAll("gapsInHours") List<Integer> gaps,
                                                                 @ForAll("gapsInHours") List<Integer> loopHours) {
        FrequencyCap cap = FrequencyCap.of(3, Duration.ofDays(2)).onChannel("email");
        int loop = 1 + loopHours.get(0);
        JourneyDefinition looping = new JourneyDefinition("loop", 1, "loop", new Entry.OnEvent(Trigger.on("go")), "news",
                List.of(send("news", "email", MessageCategory.MARKETING, to("pause")),
                        waitFor("pause", Duration.ofHours(loop), to("news"))),
                List.of(Trigger.on("stop")), Optional.empty());
        TestClock clock = new TestClock(T);
        RecordingChannel channel = MessageChannel.recording();
        List<JourneyEvent> seen = new ArrayList<>();
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .frequencyCap(cap).listener(seen::add).journey(looping)
                .journey(oneSend("promo", "promo", "email", MessageCategory.MARKETING, List.of())).build()) {
            int n = 0;
            for (int gap : gaps) {
                Instant target = clock.instant().plus(Duration.ofHours(gap));
                while (engine.nextDueAt().filter(due -> !due.isAfter(target)).isPresent()) {
                    clock.advance(Duration.between(clock.instant(), engine.nextDueAt().get()));
                    engine.runDue();
                }
                clock.advance(Duration.between(clock.instant(), target));
                engine.accept(Event.of("e" + n++, gap % 3 == 0 ? "go" : "promo", "ana", clock.instant()));
            }
        }

        List<Instant> times = channel.sent().stream().map(OutgoingMessage::decidedAt).toList();
        for (int i = 0; i + cap.maxSends() < times.size(); i++) {
            assertThat(Duration.between(times.get(i), times.get(i + cap.maxSends())))
                    .as("sends %d and %d", i, i + cap.maxSends()).isGreaterThanOrEqualTo(cap.window());
        }
        Statistics.collect(seen.stream().anyMatch(e -> e instanceof JourneyEvent.MessageSkipped s
                && s.reason() == SkipReason.CAPPED) ? "cap reached" : "cap not reached");
    }
}
