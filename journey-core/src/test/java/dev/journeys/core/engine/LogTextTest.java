package dev.journeys.core.engine;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.ExitCause;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyException;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a log line says about an event or a failure: ids and kinds, never values. */
class LogTextTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final String CONTACT = "contact-7f3a";
    private static final Attributes PRIVATE = Attributes.of("email", "ana.lopez@example.com", "items",
            List.of("french press", "burr grinder"));
    private static final InstanceRef INSTANCE = new InstanceRef(CONTACT, "cart-recovery", 2, 1);
    private static final IdempotencyKey KEY = new IdempotencyKey(CONTACT, "cart-recovery", 2, 1, "reminder", 1);
    private static final OutgoingMessage MESSAGE = new OutgoingMessage(KEY, "email", "cart-reminder", "marketing",
            PRIVATE, T);
    private static final ActionRequest ACTION = new ActionRequest(KEY, "alert-sales", PRIVATE, PRIVATE, T);
    private static final String FREE_TEXT = "ana.lopez@example.com said so";

    @Test
    void everyEventKindIsLoggedByItsIdsWithoutTheContactItsDataOrItsWords() {
        List<JourneyEvent> events = List.of(
                new JourneyEvent.Entered(INSTANCE, "cart-1", T),
                new JourneyEvent.EntryQueued(INSTANCE, T.plusSeconds(60), T),
                new JourneyEvent.EntryDeclined(CONTACT, "cart-recovery", DeclineReason.REENTRY_RULE, FREE_TEXT, T),
                new JourneyEvent.ConsentChanged(CONTACT, Consent.to("email"), true, "unsubscribe-1", T),
                new JourneyEvent.StepReached(INSTANCE, "reminder", 1, FREE_TEXT, T),
                new JourneyEvent.MessageSent(MESSAGE, T),
                new JourneyEvent.MessageSkipped(INSTANCE, "reminder", SkipReason.CAPPED, T),
                new JourneyEvent.SendDeferred(INSTANCE, "reminder", FREE_TEXT, T.plusSeconds(60), T),
                new JourneyEvent.Migrated(INSTANCE, 1, "wait", "wait", T),
                new JourneyEvent.PauseChanged(INSTANCE, "wait", true, FREE_TEXT, T),
                new JourneyEvent.ActionCompleted(ACTION, T),
                new JourneyEvent.DispatchFailed(MESSAGE, 2, FREE_TEXT, false, T),
                new JourneyEvent.EffectCancelled(ACTION, FREE_TEXT, T),
                new JourneyEvent.GoalReached(INSTANCE, "bought", T),
                new JourneyEvent.Exited(INSTANCE, "reminder", ExitCause.EXIT_STEP, FREE_TEXT, T));

        for (JourneyEvent event : events) {
            assertThat(event.toString()).as("the record's own toString, for tests").contains(CONTACT);
            assertThat(LogText.of(event)).as(event.toString())
                    .startsWith(event.getClass().getSimpleName() + " ")
                    .doesNotContain(CONTACT, "ana.lopez", "french press", "said so");
        }
        assertThat(LogText.of(new JourneyEvent.MessageSent(MESSAGE, T)))
                .isEqualTo("MessageSent message 'cart-reminder' on email of journey 'cart-recovery' v2 #1 at step "
                        + "'reminder' (visit 1)");
        assertThat(LogText.of(new JourneyEvent.Exited(INSTANCE, "reminder", ExitCause.EXIT_STEP, FREE_TEXT, T)))
                .isEqualTo("Exited journey 'cart-recovery' v2 #1 at step 'reminder': EXIT_STEP");
    }

    @Test
    void aLoggedFailureKeepsItsTypesAndFramesButOnlyTheLibrarysOwnMessages() {
        IllegalStateException failure = new IllegalStateException("550 could not deliver to ana.lopez@example.com",
                new JourneyException("contact '" + CONTACT + "' is not in the directory"));
        failure.addSuppressed(new SQLException("ERROR: null value in column \"state\"\n  Detail: Failing row "
                + "contains (ana.lopez@example.com)", "23502"));

        Throwable logged = LogText.of(failure);

        String printed = printed(logged);
        assertThat(printed)
                .startsWith("java.lang.IllegalStateException (message left out of the log)")
                .contains("\tat " + LogTextTest.class.getName() + ".aLoggedFailureKeeps")
                .contains("Caused by: dev.journeys.core.JourneyException: contact '" + CONTACT
                        + "' is not in the directory")
                .contains("Suppressed: java.sql.SQLException (SQL state 23502; message left out of the log)")
                .doesNotContain("ana.lopez");
        assertThat(logged.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(LogText.summary(failure)).isEqualTo("java.lang.IllegalStateException (message left out of the log)");
    }

    @Test
    void aFailureWhoseCausesLoopIsCopiedOnce() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner", outer);
        outer.addSuppressed(inner);

        assertThat(printed(LogText.of(inner)))
                .contains("java.lang.IllegalArgumentException (message left out of the log)")
                .contains("[CIRCULAR REFERENCE: java.lang.IllegalArgumentException (message left out of the log)]");
    }

    private static String printed(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
