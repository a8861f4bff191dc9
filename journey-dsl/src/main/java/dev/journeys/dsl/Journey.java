package dev.journeys.dsl;

import dev.journeys.core.Entry;
import dev.journeys.core.Trigger;

/**
 * Where a journey is written: the entry point of the fluent builder.
 *
 * <pre>{@code
 * import static dev.journeys.core.Condition.clicked;
 * import static dev.journeys.core.Condition.payload;
 * import static dev.journeys.core.Trigger.on;
 *
 * JourneyDefinition brewBetter = Journey.withId("brew-better-at-home")
 *         .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("french-press-guide")))
 *         .named("Brew Better at Home")
 *         .exitWhen(on("purchase.completed"))
 *         .send("guide", Message.email("french-press-guide"))
 *         .waitFor("two-days", Duration.ofDays(2))
 *         .branch("clicked-grinders?", b -> b
 *                 .when(clicked("guide", "shop-grinders"), p -> p.send("grinder-offer", Message.email("grinder-offer")))
 *                 .otherwise(p -> p.send("brew-tips", Message.email("brew-tips"))))
 *         .build();
 * }</pre>
 *
 * <p>Each method returns the next legal step, so a journey without an entry, or a branch without
 * otherwise, does not compile; {@code build()} checks the rest of the graph with
 * {@link dev.journeys.core.validation.JourneyValidator} (without the host's catalogue, which only
 * {@code JourneyEngine.publish} knows) and throws one
 * {@link dev.journeys.core.InvalidJourneyException} listing every error. Warnings, such as a
 * segment journey without a schedule, do not stop it; {@code JourneyValidator.report(journey)}
 * lists them.
 *
 * <p>Not instantiable.
 */
public final class Journey {

    private Journey() {
    }

    /**
     * Starts a journey.
     *
     * @param id the journey's id: starts with a letter or digit, no white space, no ':'
     * @return the choice of entry
     */
    public static EntryChoice withId(String id) {
        return new EntryChoice(id);
    }

    /**
     * How contacts enter the journey being written.
     *
     * <p>Immutable.
     */
    public static final class EntryChoice {
        private final String id;

        private EntryChoice(String id) {
            this.id = java.util.Objects.requireNonNull(id, "id");
        }

        /**
         * Makes it trigger-based: a matching event starts an instance.
         *
         * @param trigger the event type and filter
         * @return the journey's options and its main path
         */
        public JourneyOptions triggeredBy(Trigger trigger) {
            return new MainPath(id, new Entry.OnEvent(java.util.Objects.requireNonNull(trigger, "trigger")));
        }

        /**
         * Makes it segment-based: the segment's members are enrolled together when the host runs
         * {@code JourneyEngine.enrolSegment}. Without a schedule nobody enters on their own, so the
         * journey carries a {@code SEGMENT_JOURNEY_WITHOUT_SCHEDULE} warning.
         *
         * @param segment the segment's id, defined on the engine
         * @return the journey's options and its main path
         */
        public JourneyOptions fromSegment(String segment) {
            return new MainPath(id, new Entry.FromSegment(segment));
        }

        /**
         * Makes it segment-based on a schedule: at each occurrence the engine evaluates the
         * segment and enrols its members.
         *
         * @param segment the segment's id, defined on the engine
         * @param schedule when, such as {@code Schedule.at(launch).repeating(Recurrence.weekly())}
         * @return the journey's options and its main path
         */
        public JourneyOptions fromSegment(String segment, dev.journeys.core.Schedule schedule) {
            return new MainPath(id, new Entry.FromSegment(segment,
                    java.util.Optional.of(java.util.Objects.requireNonNull(schedule, "schedule"))));
        }
    }
}
