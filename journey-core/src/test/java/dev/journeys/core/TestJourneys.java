package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Journeys written with the model's records, for core tests (the DSL module depends on core). */
public final class TestJourneys {

    public static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private TestJourneys() {
    }

    public static Optional<String> to(String step) {
        return Optional.of(step);
    }

    public static Step.Send email(String id, String message, Optional<String> next) {
        return new Step.Send(id, message, ChannelChoice.of("email"), List.of(), next);
    }

    public static Step.Wait waitFor(String id, Duration duration, Optional<String> next) {
        return new Step.Wait(id, new Delay.Fixed(duration), next);
    }

    public static Trigger guideForm() {
        return Trigger.on("form.submitted").where(Condition.payload("form").isEqualTo("french-press-guide"));
    }

    /** Scenario S1 as records. */
    public static JourneyDefinition brewBetter() {
        return new JourneyDefinition("brew-better", 1, "Brew Better at Home", new Entry.OnEvent(guideForm()), "guide",
                List.of(
                        email("guide", "french-press-guide", to("two-days")),
                        waitFor("two-days", Duration.ofDays(2), to("clicked?")),
                        new Step.Branch("clicked?", List.of(
                                new Step.Case(Condition.clicked("guide", "shop-grinders"), to("grinder-offer")),
                                new Step.Case(Condition.always(), to("brew-tips")))),
                        email("grinder-offer", "grinder-offer", Optional.empty()),
                        email("brew-tips", "brew-tips", Optional.empty())),
                List.of(Trigger.on("purchase.completed")), Optional.empty());
    }

    /** A journey with the given steps, entered by {@code go} events, starting at the first step. */
    public static JourneyDefinition journey(String id, Step... steps) {
        return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on("go")), steps[0].id(), List.of(steps),
                List.of(), Optional.empty());
    }

    public static Event go(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "go", contactId, at);
    }

    public static Event guideRequested(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "form.submitted", contactId, at).withPayload(Attributes.of("form", "french-press-guide"));
    }

    public static Contact emailable(String id) {
        return Contact.of(id).withConsent("email");
    }
}
