package dev.journeys.dsl.draft;

import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.ValidationProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A first draft of a journey, made from a request in plain language by a {@link JourneyDrafter},
 * to review, bind to real assets and refine.
 *
 * <pre>{@code
 * Draft draft = JourneyDrafter.ruleBased(clock, ZoneId.of("America/Chicago")).draft(
 *         "After a landing page is completed, send the customer a thank you message in their preferred "
 *         + "channel. Then wait two days and send a survey.");
 * System.out.print(draft.describe());            // the journey, its placeholders, what was not understood
 * draft.validate();                                // one UNBOUND_PLACEHOLDER problem per placeholder, at once
 * JourneyDefinition journey = draft
 *         .bind("landing-page-form-to-bind", "spring-landing-page")
 *         .bind("thank-you-message-to-bind", "thank-you-2026")
 *         .bind("survey-message-to-bind", "satisfaction-survey")
 *         .journeyOrThrow();                       // valid and bound: ready to publish
 * }</pre>
 *
 * <p>The drafted journey is a real {@link JourneyDefinition}, checked like any other, in which
 * every asset the request named but the drafter could not bind (which form, which message,
 * which segment) holds a {@link Placeholder}'s id. {@link #bind} puts the real id in its place;
 * {@link #journey()} is the journey with the bindings made so far. What the drafter did not
 * understand is in {@link #notUnderstood()}, sentence by sentence, and what a reviewer should
 * check in {@link #checklist()} (of the draft as drafted).
 *
 * <p>Immutable and thread-safe.
 *
 * @param request the request, as given
 * @param drafted the journey as drafted, placeholders in place; empty if nothing could be drafted
 * @param placeholders the assets to bind, each once, with its binding if bound
 * @param notUnderstood the parts of the request not understood or not used, and why
 * @param checklist what to review: the journey type chosen and why, timing and the defaults used,
 *     stop conditions, governance not yet set, event types to check, placeholders to bind
 */
public record Draft(String request, Optional<JourneyDefinition> drafted, List<Placeholder> placeholders,
                    List<NotUnderstood> notUnderstood, List<String> checklist) {

    /** Checks and copies the components; placeholder ids must be unique. */
    public Draft {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(drafted, "drafted");
        placeholders = List.copyOf(placeholders);
        notUnderstood = List.copyOf(notUnderstood);
        checklist = List.copyOf(checklist);
        Set<String> ids = new HashSet<>();
        for (Placeholder placeholder : placeholders) {
            if (!ids.add(placeholder.id())) {
                throw new IllegalArgumentException("placeholder id '" + placeholder.id() + "' is used twice");
            }
        }
    }

    /**
     * Returns a draft with no journey: nothing in the request could be drafted.
     *
     * @param request the request
     * @param reasons why, at least one
     * @return the draft
     */
    public static Draft refusal(String request, List<NotUnderstood> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one reason");
        }
        return new Draft(request, Optional.empty(), List.of(), reasons, List.of("Nothing was drafted: "
                + reasons.get(0).reason()));
    }

    /** Returns the journey with the bindings made so far; empty if nothing was drafted. */
    public Optional<JourneyDefinition> journey() {
        return drafted.map(journey -> Rebinder.bind(journey, bindings()));
    }

    /** Returns the placeholders not yet bound. */
    public List<Placeholder> unbound() {
        return placeholders.stream().filter(p -> !p.isBound()).toList();
    }

    /** Returns the placeholder with the id, if there is one. */
    public Optional<Placeholder> placeholder(String id) {
        return placeholders.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private Map<String, String> bindings() {
        Map<String, String> bindings = new LinkedHashMap<>();
        placeholders.forEach(p -> p.boundTo().ifPresent(asset -> bindings.put(p.id(), asset)));
        return bindings;
    }

    /**
     * Returns a copy with a placeholder bound to a real asset; binding a bound placeholder again
     * replaces its binding.
     *
     * @param placeholderId the placeholder's id, such as {@code thank-you-message-to-bind}
     * @param assetId the real asset's id, such as {@code thank-you-2026}
     * @return the new draft
     * @throws IllegalArgumentException if the draft has no such placeholder (the message lists
     *     the ones it has), the asset id is blank or is another placeholder's id, or it is not a
     *     valid id where the placeholder stands (a segment id with white space, say)
     */
    public Draft bind(String placeholderId, String assetId) {
        Objects.requireNonNull(placeholderId, "placeholderId");
        Objects.requireNonNull(assetId, "assetId");
        Placeholder placeholder = placeholder(placeholderId).orElseThrow(() -> new IllegalArgumentException(
                "the draft has no placeholder '" + placeholderId + "'; its placeholders are "
                        + placeholders.stream().map(Placeholder::id).toList()));
        if (assetId.isBlank() || !assetId.equals(assetId.strip())) {
            throw new IllegalArgumentException("cannot bind placeholder '" + placeholderId + "' to '" + assetId
                    + "': an asset id must not be blank or start or end with white space");
        }
        if (placeholder(assetId).isPresent()) {
            throw new IllegalArgumentException("cannot bind placeholder '" + placeholderId + "' to '" + assetId
                    + "', which is itself a placeholder of this draft");
        }
        List<Placeholder> bound = new ArrayList<>();
        for (Placeholder p : placeholders) {
            bound.add(p.id().equals(placeholderId) ? p.withBinding(assetId) : p);
        }
        Draft next = new Draft(request, drafted, bound, notUnderstood, checklist);
        try {
            next.journey();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("cannot bind placeholder '" + placeholderId + "' ("
                    + placeholder.kind() + ") to '" + assetId + "': " + invalid.getMessage(), invalid);
        }
        return next;
    }

    /**
     * Returns a copy with several placeholders bound, as by {@link #bind} in the map's order.
     *
     * @param bindings placeholder id to asset id
     * @return the new draft
     */
    public Draft bindAll(Map<String, String> bindings) {
        Draft draft = this;
        for (Map.Entry<String, String> binding : bindings.entrySet()) {
            draft = draft.bind(binding.getKey(), binding.getValue());
        }
        return draft;
    }

    /**
     * Returns a copy whose journey has another id.
     *
     * @param journeyId the id, such as {@code spring-thank-you}
     * @return the new draft
     * @throws IllegalArgumentException if the id is not a valid journey id
     */
    public Draft withJourneyId(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        return new Draft(request, drafted.map(j -> new JourneyDefinition(journeyId, j.version(), j.name(), j.entry(),
                j.startStep(), j.steps(), j.exitTriggers(), j.goal(), j.policies())), placeholders, notUnderstood,
                checklist);
    }

    /**
     * Returns every problem with the draft at once: the journey validator's (as for any
     * journey), then one {@link ValidationProblem.Code#UNBOUND_PLACEHOLDER} per placeholder not
     * yet bound, at the step that uses it. A draft with no journey has one problem,
     * {@link ValidationProblem.Code#MISSING_START}.
     *
     * @return the problems, errors and warnings; the draft can be published when none is an error
     */
    public List<ValidationProblem> validate() {
        Optional<JourneyDefinition> journey = journey();
        if (journey.isEmpty()) {
            return List.of(ValidationProblem.ofJourney(ValidationProblem.Code.MISSING_START, "nothing was drafted: "
                    + notUnderstood.stream().findFirst().map(NotUnderstood::reason).orElse("the request was empty")));
        }
        List<ValidationProblem> problems = new ArrayList<>(JourneyValidator.validate(journey.get()));
        for (Placeholder placeholder : unbound()) {
            String message = "placeholder '" + placeholder.id() + "' is not bound: " + placeholder.description()
                    + ", used at " + String.join(", ", placeholder.usedAt()) + "; bind it with Draft.bind(\""
                    + placeholder.id() + "\", assetId)";
            Optional<String> step = placeholder.usedAt().stream()
                    .filter(at -> journey.get().step(at).isPresent()).findFirst();
            problems.add(step.map(s -> ValidationProblem.atStep(ValidationProblem.Code.UNBOUND_PLACEHOLDER, s, message))
                    .orElseGet(() -> ValidationProblem.ofJourney(ValidationProblem.Code.UNBOUND_PLACEHOLDER, message)));
        }
        return List.copyOf(problems);
    }

    /**
     * Returns the bound journey, ready to publish.
     *
     * @return the journey
     * @throws InvalidJourneyException if {@link #validate()} finds an error (every unbound
     *     placeholder is one), listing them
     */
    public JourneyDefinition journeyOrThrow() {
        List<ValidationProblem> problems = validate();
        if (problems.stream().anyMatch(ValidationProblem::isError)) {
            throw new InvalidJourneyException(journey().map(JourneyDefinition::id).orElse("draft"), problems);
        }
        return journey().orElseThrow();
    }

    /**
     * Returns the draft as text: the journey step by step, its placeholders and whether they are
     * bound, what was not understood and the checklist. The same draft always gives the same text.
     */
    public String describe() {
        return DraftText.describe(this);
    }
}
