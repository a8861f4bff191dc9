/**
 * Drafting journeys from plain language (scenario S6): a {@link dev.journeys.dsl.draft.JourneyDrafter}
 * turns a request such as "After a landing page is completed, send the customer a thank you
 * message in their preferred channel. Then wait two days and send a survey." into a
 * {@link dev.journeys.dsl.draft.Draft}: a real journey whose unbound assets are
 * {@link dev.journeys.dsl.draft.Placeholder}s, what was not understood
 * ({@link dev.journeys.dsl.draft.NotUnderstood}), and a review checklist.
 *
 * <p>{@link dev.journeys.dsl.draft.RuleBasedDrafter} is the built-in, deterministic drafter; its
 * documentation lists what it understands, its defaults and its limits. A host may plug in its own
 * drafter behind the same interface.
 *
 * <p>The other types of this package are internal: the request is cut into sentences and words
 * ({@code Requests}), each sentence read into clauses ({@code ClauseReader}, which asks
 * {@code SendReader}, {@code TimeReader}, {@code ConditionReader}, {@code RuleReader},
 * {@code Happenings}, {@code Span} and {@code Calendar}), the clauses placed in a journey
 * ({@code Assembler}) and written with the fluent builder ({@code JourneyWriter}); the text and the
 * checklist are {@code DraftText} and {@code Checklist}; binding rewrites the journey
 * ({@code Rebinder}).
 */
package dev.journeys.dsl.draft;
