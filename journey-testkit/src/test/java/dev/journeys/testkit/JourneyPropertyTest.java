package dev.journeys.testkit;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the engine and the testkit over generated journeys, contacts and event histories. */
class JourneyPropertyTest {

    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");

    @Provide
    Arbitrary<JourneyDefinition> journeys() {
        return JourneyArbitraries.journeys();
    }

    @Provide
    Arbitrary<List<Contact>> contacts() {
        return JourneyArbitraries.contacts(6);
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        return JourneyArbitraries.histories(6, T, Duration.ofDays(5));
    }

    private static JourneyTestEnvironment run(JourneyDefinition journey, List<Contact> contacts, List<Event> history) {
        JourneyTestEnvironment.Builder builder = JourneyTestEnvironment.builder().startingAt(T).journey(journey)
                .behaviour(Behaviour.whenSent("message-send-0").clicks("link", 0.5, Duration.ofHours(30)))
                .seed(11);
        contacts.forEach(builder::contact);
        JourneyTestEnvironment env = builder.build();
        history.forEach(env::schedule);
        env.advance(Duration.ofDays(4)); // some generated waits outlast it
        return env;
    }

    @Property(tries = 200, seed = "1128")
    void theSameInputsGiveTheSameFingerprintAndEveryContactIsAccountedFor(
            @ForAll("journeys") JourneyDefinition journey, @ForAll("contacts") List<Contact> contacts,
            @ForAll("histories") List<Event> history) {
        try (JourneyTestEnvironment first = run(journey, contacts, history);
             JourneyTestEnvironment second = run(journey, contacts, history)) {

            assertThat(first.fingerprint()).isEqualTo(second.fingerprint());
            JourneyCounts counts = first.report().journey(journey.id());
            assertThat(counts.exited() + counts.waiting()).isEqualTo(counts.entered());
            for (Contact contact : contacts) {
                assertNothingSentAfterExit(first.timeline().of(contact.id()));
            }
            Statistics.collect(counts.entered() == 0 ? "nobody entered" : counts.waiting() > 0 ? "some still waiting"
                    : "all left");
        }
    }

    /**
     * A send is dispatched after the evaluation that decided it, so a path that ends in a send
     * reports its exit first: that send was decided at the exit's instant. Anything else sent
     * after an exit, or anything at all after a stop, is a violation.
     */
    private static void assertNothingSentAfterExit(List<JourneyEvent> events) {
        Map<InstanceRef, JourneyEvent.Exited> ended = new HashMap<>();
        for (JourneyEvent event : events) {
            if (event instanceof JourneyEvent.Exited exited) {
                ended.put(exited.instance(), exited);
            } else if (event instanceof JourneyEvent.MessageSent sent) {
                var key = sent.message().key();
                JourneyEvent.Exited exit = ended.get(new InstanceRef(key.contactId(), key.journeyId(), key.version(),
                        key.instance()));
                if (exit != null) {
                    assertThat(exit.cause().isCompletion()).as("%s sent after a stop: %s", key, exit).isTrue();
                    assertThat(sent.message().decidedAt()).as("%s decided after its instance exited", key)
                            .isEqualTo(exit.at());
                }
            }
        }
    }
}
