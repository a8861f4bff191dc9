package dev.journeys.testkit;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.JourneyPath;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.diagram.JourneyDiagram;
import dev.journeys.dsl.json.JourneyJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journey as long as the JSON limits allow is read, checked, drawn, written, published and run
 * without recursing once per step: each test runs on a small stack.
 */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class LongJourneyTest {

    private static final int SENDS = 20_000;
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    /** A chain of sends with an exiting cap that allows every one of them. */
    static String chain(int sends) {
        StringBuilder json = new StringBuilder("{\"format\": \"journey-engine/1\", \"id\": \"long\", \"version\": 1, "
                + "\"name\": \"Long\", \"entry\": {\"kind\": \"event\", \"trigger\": {\"event\": \"go\"}}, "
                + "\"startStep\": \"s0\", \"steps\": [");
        for (int i = 0; i < sends; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"kind\": \"send\", \"id\": \"s").append(i)
                    .append("\", \"message\": \"m\", \"channel\": {\"kind\": \"fixed\", \"channel\": \"email\"}");
            if (i + 1 < sends) {
                json.append(", \"next\": \"s").append(i + 1).append('"');
            }
            json.append('}');
        }
        return json.append("], \"policies\": {\"caps\": [{\"maxSends\": 2147483647, \"window\": \"P1D\", "
                + "\"whenReached\": \"exit\"}]}}").toString();
    }

    @Test
    void aChainOf20000SendsReadFromJsonIsCheckedWrittenAndRun(JourneyTestEnvironment.Builder given) {
        onASmallStack(() -> {
            String json = chain(SENDS);
            assertThat(json.length()).isLessThan(JourneyJson.MAX_DOCUMENT_LENGTH);

            JourneyDefinition journey = JourneyJson.read(json);

            assertThat(journey.steps()).hasSize(SENDS);
            assertThat(JourneyValidator.validate(journey)).isEmpty();
            assertThat(JourneyJson.read(JourneyJson.write(journey))).isEqualTo(journey);
            assertThat(JourneyDiagram.mermaid(journey)).contains("s19999");
            runs(given, journey);
        });
    }

    @Test
    void aChainOf20000SendsBuiltWithTheDslIsCheckedAndRun(JourneyTestEnvironment.Builder given) {
        onASmallStack(() -> {
            JourneyPath builder = Journey.withId("long").triggeredBy(on("go"));
            for (int i = 0; i < SENDS; i++) {
                builder = builder.send("s" + i, Message.email("m"));
            }
            JourneyDefinition journey = builder.build();

            assertThat(journey.steps()).hasSize(SENDS);
            runs(given, journey);
        });
    }

    @Test
    void aChainOf10000BranchesAndWaitsReadFromJsonIsCheckedWrittenAndRun(JourneyTestEnvironment.Builder given) {
        onASmallStack(() -> {
            StringBuilder json = new StringBuilder("{\"format\": \"journey-engine/1\", \"id\": \"long\", "
                    + "\"entry\": {\"kind\": \"event\", \"trigger\": {\"event\": \"go\"}}, \"startStep\": \"b0\", "
                    + "\"steps\": [");
            // 10,000: written back, pretty-printed, twice as many would pass the 4 MiB the reader takes.
            int steps = SENDS / 2;
            for (int i = 0; i < steps; i++) {
                String next = i + 1 < steps ? "\"b" + (i + 1) + "\"" : "\"last\"";
                json.append(i % 2 == 0
                        ? "{\"kind\": \"branch\", \"id\": \"b" + i + "\", \"cases\": [{\"when\": {\"kind\": \"attribute\", "
                                + "\"name\": \"vip\", \"operator\": \"exists\"}, \"next\": " + next + "}, {\"next\": " + next + "}]},\n"
                        : "{\"kind\": \"wait\", \"id\": \"b" + i + "\", \"delay\": {\"kind\": \"duration\", "
                                + "\"duration\": \"PT1S\"}, \"next\": " + next + "},\n");
            }
            json.append("{\"kind\": \"send\", \"id\": \"last\", \"message\": \"m\", \"channel\": {\"kind\": \"fixed\", "
                    + "\"channel\": \"email\"}}]}");

            JourneyDefinition journey = JourneyJson.read(json.toString());

            assertThat(JourneyJson.read(JourneyJson.write(journey))).isEqualTo(journey);
            assertThat(JourneyDiagram.mermaid(journey)).contains("b9999");
            JourneyTestEnvironment env = given.journey(journey).contact(Contact.of("ana").withConsent("email")).build();
            env.accept(Event.of("e1", "go", "ana", T));
            env.advance(Duration.ofDays(1));
            assertThat(env.contact("ana").sent()).hasSize(1);
        });
    }

    /**
     * Runs a test on a thread whose stack holds a few thousand frames (512 KiB), so a walk that
     * recursed once per step of these journeys would overflow it.
     */
    private static void onASmallStack(Runnable test) {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                test.run();
            } catch (Throwable thrown) {
                failure[0] = thrown;
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    private static void runs(JourneyTestEnvironment.Builder given, JourneyDefinition journey) {
        JourneyTestEnvironment env = given.journey(journey).contact(Contact.of("ana").withConsent("email")).build();
        env.accept(Event.of("e1", "go", "ana", T));
        env.advance(Duration.ofMinutes(1));

        assertThat(env.contact("ana").sent()).hasSize(SENDS);
    }
}
