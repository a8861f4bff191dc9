package dev.journeys.dsl.draft;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Turns a request in plain language into a {@link Draft} journey, such as "After a landing page
 * is completed, send the customer a thank you message in their preferred channel. Then wait two
 * days and send a survey."
 *
 * <pre>{@code
 * JourneyDrafter drafter = JourneyDrafter.ruleBased(clock, ZoneId.of("America/Chicago"));
 * Draft draft = drafter.draft(request);
 * draft.notUnderstood().forEach(System.out::println);   // what it did not understand, and why
 * }</pre>
 *
 * <p>The built-in drafter ({@link #ruleBased}) is deterministic and needs no network; a host can
 * plug in another, for example one backed by a language model it runs, and should wrap it with
 * {@link #guarded} so that a failure becomes a report instead of an exception.
 *
 * <p>An implementation must return a draft for every request, never null; it should name every
 * asset it could not bind as a {@link Placeholder}, and report what it did not understand in
 * {@link Draft#notUnderstood()} rather than guess. It is called on the host's own threads, as
 * often as the host likes; the built-in drafter and the guard are thread-safe.
 */
@FunctionalInterface
public interface JourneyDrafter {

    /**
     * Drafts a journey.
     *
     * @param request the request in plain language; any text, possibly empty
     * @return the draft, which may have no journey if nothing could be drafted
     */
    Draft draft(String request);

    /**
     * Returns the built-in rule-based drafter.
     *
     * @param clock where "today" comes from, for dates without a year and days of the week; read
     *     once per draft
     * @param zone the zone in which dates and times of day are read
     * @return the drafter
     */
    static JourneyDrafter ruleBased(InstantSource clock, ZoneId zone) {
        return RuleBasedDrafter.of(clock, zone);
    }

    /**
     * Returns a drafter that asks another and turns its failures into reports: an exception it
     * throws, or a null it returns, becomes a draft with no journey whose
     * {@link Draft#notUnderstood()} says what went wrong. It does not limit the time the other
     * drafter takes.
     *
     * @param drafter the drafter to guard
     * @return the guarded drafter
     */
    static JourneyDrafter guarded(JourneyDrafter drafter) {
        Objects.requireNonNull(drafter, "drafter");
        return request -> {
            Objects.requireNonNull(request, "request");
            Draft draft;
            try {
                draft = drafter.draft(request);
            } catch (RuntimeException failed) {
                return Draft.refusal(request, List.of(new NotUnderstood(0, "", "the drafter failed: " + failed)));
            }
            return draft != null ? draft
                    : Draft.refusal(request, List.of(new NotUnderstood(0, "", "the drafter returned no draft")));
        };
    }
}
