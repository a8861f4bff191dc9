package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.ValidationProblem;
import dev.journeys.dsl.diagram.JourneyDiagram;
import dev.journeys.dsl.draft.Draft;
import dev.journeys.dsl.draft.JourneyDrafter;
import dev.journeys.testkit.JourneyTestEnvironment;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Scenario S6, "Drafting from plain language": a marketer's request becomes a draft journey to
 * review, bind to real assets and run.
 *
 * <ol>
 *   <li>The built-in drafter reads {@value #REQUEST} The draft is printed as text and as a
 *       Mermaid diagram: an entry on a landing-page form submission, a thank-you message on the
 *       contact's preferred channel, a two-day wait, a survey. Its placeholders (which form,
 *       which thank-you message, which survey), what it did not understand (nothing) and its
 *       review checklist are printed too.</li>
 *   <li>Validation lists the three unbound placeholders at once, and the draft cannot be
 *       published.</li>
 *   <li>The placeholders are bound to the real assets ({@value #LANDING_PAGE},
 *       {@value #THANK_YOU}, {@value #SURVEY}); the draft validates and is published.</li>
 *   <li>It runs for four contacts on a virtual clock: ana prefers SMS, ben email, cleo push; dan
 *       completes another landing page and does not enter. Each timeline is printed.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.DraftFromPlainLanguage}.
 *
 * <p>Not instantiable.
 */
public final class DraftFromPlainLanguage {

    /** The marketer's request, word for word from scenario S6. */
    public static final String REQUEST = "After a landing page is completed, send the customer a thank you message in "
            + "their preferred channel. Then wait two days and send a survey.";

    /** When the story begins: Monday 2 March 2026, 09:00 in Chicago. */
    public static final Instant START = Instant.parse("2026-03-02T15:00:00Z");

    /** The zone the drafter reads dates in, and the contacts live in. */
    public static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    /** The real landing page's form id. */
    public static final String LANDING_PAGE = "spring-landing-page";

    /** The real thank-you message. */
    public static final String THANK_YOU = "thank-you-2026";

    /** The real survey. */
    public static final String SURVEY = "satisfaction-survey";

    /** The placeholder of the form, as the drafter names it. */
    public static final String FORM_PLACEHOLDER = "landing-page-form-to-bind";

    /** The placeholder of the thank-you message. */
    public static final String THANK_YOU_PLACEHOLDER = "thank-you-message-to-bind";

    /** The placeholder of the survey. */
    public static final String SURVEY_PLACEHOLDER = "survey-message-to-bind";

    private DraftFromPlainLanguage() {
    }

    /** Returns the built-in drafter, whose "today" is the story's first day. */
    public static JourneyDrafter drafter() {
        return JourneyDrafter.ruleBased(InstantSource.fixed(START), CHICAGO);
    }

    /** Returns the draft of the S6 request. */
    public static Draft draft() {
        return drafter().draft(REQUEST);
    }

    /** Returns the draft with every placeholder bound to the real asset. */
    public static Draft bound(Draft draft) {
        return draft.bindAll(Map.of(FORM_PLACEHOLDER, LANDING_PAGE, THANK_YOU_PLACEHOLDER, THANK_YOU,
                SURVEY_PLACEHOLDER, SURVEY));
    }

    /** Returns a completed landing page: a {@code form.submitted} event naming its form. */
    public static Event landingPageCompleted(String eventId, String contactId, Instant at, String form) {
        return Event.of(eventId, "form.submitted", contactId, at).withPayload(Attributes.of("form", form));
    }

    /**
     * Returns the story's environment at {@link #START} with the journey published: ana prefers
     * SMS, ben email, cleo push, each with consent to what they prefer; dan has email consent.
     *
     * @param journey the bound journey
     * @return the environment; the caller closes it
     */
    public static JourneyTestEnvironment environment(JourneyDefinition journey) {
        return JourneyTestEnvironment.builder()
                .startingAt(START)
                .journey(journey)
                .contact(Contact.of("ana").withZone(CHICAGO).withConsent("sms").withPreferredChannel("sms"))
                .contact(Contact.of("ben").withZone(CHICAGO).withConsent("email").withPreferredChannel("email"))
                .contact(Contact.of("cleo").withZone(CHICAGO).withConsent("push", "email").withPreferredChannel("push"))
                .contact(Contact.of("dan").withZone(CHICAGO).withConsent("email"))
                .build();
    }

    /**
     * Runs the story and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the story, printing each stage to {@code out}. */
    static void run(PrintStream out) {
        out.println("1. The request");
        out.print(indent(REQUEST));
        Draft draft = draft();
        out.println("   The draft, its placeholders, what was not understood and the checklist:");
        out.print(indent(draft.describe()));
        out.println("   Not understood: " + (draft.notUnderstood().isEmpty() ? "nothing" : draft.notUnderstood()));
        out.println("   As a Mermaid diagram:");
        out.print(indent(JourneyDiagram.mermaid(draft.drafted().orElseThrow())));

        out.println("2. Validation before binding");
        List<ValidationProblem> problems = draft.validate();
        problems.forEach(problem -> out.println("   " + problem));
        try {
            draft.journeyOrThrow();
        } catch (InvalidJourneyException refused) {
            out.println("   not publishable: " + refused.problems().size() + " problems, all listed at once");
        }

        out.println("3. Bound to the real assets");
        Draft bound = bound(draft);
        bound.placeholders().forEach(p -> out.println("   " + p.id() + " -> " + p.boundTo().orElseThrow()));
        out.println("   validation: " + (bound.validate().isEmpty() ? "no problems" : bound.validate()));
        JourneyDefinition journey = bound.journeyOrThrow();

        out.println("4. Published and run for four contacts");
        try (JourneyTestEnvironment env = environment(journey)) {
            for (String contact : List.of("ana", "ben", "cleo")) {
                env.schedule(landingPageCompleted("page-" + contact, contact, START, LANDING_PAGE));
            }
            env.schedule(landingPageCompleted("page-dan", "dan", START, "autumn-landing-page"));
            env.advance(Duration.ofDays(3));
            for (String contact : List.of("ana", "ben", "cleo", "dan")) {
                String timeline = env.timeline().format(contact);
                out.print(indent(timeline.strip().equals(contact) ? contact + "\n  (did not enter: another landing "
                        + "page)\n" : timeline));
            }
        }
    }

    private static String indent(String text) {
        return text.replaceAll("(?m)^(?=.)", "   ") + (text.endsWith("\n") ? "" : "\n");
    }
}
