package dev.journeys.core.validation;

import dev.journeys.core.Entry;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageAsset;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The checks of a journey against what the host declared in a {@link ValidationContext}; each
 * runs only if its catalogue was declared. In this order: for each step as declared, its
 * channels, messages and purpose (a send), its action (an action step), its event type (a wait
 * for an event); then the event types of the exit triggers, the goal, the pause and the resume
 * triggers; then the segments and attributes. Part of {@link JourneyValidator}; package-private.
 *
 * <p>Stateless and thread-safe.
 */
final class CatalogueChecks {

    private static final String UNPRODUCED = ", which no channel reports, the host did not declare and no journey "
            + "enters on; declare it with JourneyEngineBuilder.eventTypes";

    private CatalogueChecks() {
    }

    static void check(JourneyDefinition journey, ValidationContext context, Consumer<ValidationProblem> problems) {
        Set<String> produced = produced(journey, context);
        for (Step step : journey.steps()) {
            if (step instanceof Step.Send send) {
                context.channels().flatMap(bound -> JourneyValidator.unboundChannel(send, bound))
                        .ifPresent(problems);
                if (context.messages().isPresent()) {
                    checkMessages(send, context, problems);
                }
                context.consentPurposes().ifPresent(purposes -> checkPurpose(send, purposes, problems));
            } else if (step instanceof Step.Action action) {
                context.actions().flatMap(bound -> JourneyValidator.unboundAction(action, bound)).ifPresent(problems);
            } else if (step instanceof Step.WaitForEvent wait && unproduced(wait.trigger(), produced)) {
                problems.accept(ValidationProblem.atStep(Code.UNPRODUCED_EVENT, step.id(), "step '" + step.id()
                        + "' waits for event type '" + wait.trigger().eventType() + "'" + UNPRODUCED));
            }
        }
        String of = "journey '" + journey.id() + "'";
        journey.exitTriggers().stream().filter(t -> unproduced(t, produced)).forEach(t -> problems.accept(
                ValidationProblem.ofJourney(Code.UNPRODUCED_EVENT, of + " exits on event type '" + t.eventType() + "'"
                        + UNPRODUCED)));
        journey.goal().filter(g -> unproduced(g.trigger(), produced)).ifPresent(g -> problems.accept(
                ValidationProblem.ofJourney(Code.UNPRODUCED_EVENT, "goal '" + g.name() + "' of " + of
                        + " is reached on event type '" + g.trigger().eventType() + "'" + UNPRODUCED)));
        journey.pausing().pauseWhen().stream().filter(t -> unproduced(t, produced)).forEach(t -> problems.accept(
                ValidationProblem.ofJourney(Code.UNPRODUCED_EVENT, of + " pauses on event type '" + t.eventType() + "'"
                        + UNPRODUCED)));
        journey.pausing().resumeWhen().stream().filter(t -> unproduced(t, produced)).forEach(t -> problems.accept(
                ValidationProblem.ofJourney(Code.UNPRODUCED_EVENT, of + " resumes on event type '" + t.eventType()
                        + "'" + UNPRODUCED)));
        context.segments().ifPresent(segments ->
                JourneyValidator.segmentProblems(journey, segments).forEach(problems));
    }

    /**
     * The event types that can arrive: what channels report, what the host declared, what any
     * journey (this one included) enters on; empty when the host declared no event types, which
     * turns the check off.
     */
    private static Set<String> produced(JourneyDefinition journey, ValidationContext context) {
        if (context.eventTypes().isEmpty()) {
            return Set.of();
        }
        Set<String> produced = new HashSet<>(InteractionTypes.all());
        produced.addAll(context.eventTypes().get());
        produced.addAll(context.journeyEntryTypes());
        if (journey.entry() instanceof Entry.OnEvent onEvent) {
            produced.add(onEvent.trigger().eventType());
        }
        return produced;
    }

    private static boolean unproduced(Trigger trigger, Set<String> produced) {
        return !produced.isEmpty() && !produced.contains(trigger.eventType());
    }

    /** Each message the send may send (its own, then its variants') must exist on every channel it may use. */
    private static void checkMessages(Step.Send send, ValidationContext context, Consumer<ValidationProblem> problems) {
        Set<String> messages = new LinkedHashSet<>();
        messages.add(send.message());
        send.variants().forEach(v -> messages.add(v.message()));
        List<String> channels = send.channel().channels();
        Set<MessageAsset> assets = context.messages().orElseThrow();
        for (String message : messages) {
            String what = message.equals(send.message()) ? "message '" : "content variant message '";
            List<MessageAsset> known = assets.stream().filter(a -> a.id().equals(message)).toList();
            List<String> missing = channels.stream().filter(c -> !context.hasMessage(message, c)).toList();
            if (known.isEmpty()) {
                problems.accept(ValidationProblem.atStep(Code.UNBOUND_MESSAGE, send.id(), "step '" + send.id()
                        + "' sends " + what + message + "', which is not in the host's message catalogue; "
                        + "declare it with JourneyEngineBuilder.messages"));
            } else if (!missing.isEmpty()) {
                problems.accept(ValidationProblem.atStep(Code.UNBOUND_MESSAGE, send.id(), "step '" + send.id()
                        + "' may send " + what + message + "' on " + missing + ", for which the host's message catalogue "
                        + "has no asset; it has " + known));
            }
        }
    }

    /**
     * A purpose the host did not declare is an error, unless it is the category's default; a
     * marketing send relying on the default {@code marketing} is then a warning, a transactional
     * one relying on {@code transactional} is fine (receipts need no purpose of their own).
     */
    private static void checkPurpose(Step.Send send, Set<String> purposes, Consumer<ValidationProblem> problems) {
        String purpose = send.purpose();
        if (purposes.contains(purpose)) {
            return;
        }
        if (!purpose.equals(send.category().defaultPurpose())) {
            problems.accept(ValidationProblem.atStep(Code.NO_CONSENT_PURPOSE, send.id(), "step '" + send.id()
                    + "' sends for purpose '" + purpose + "', which is not a declared consent purpose; declared are "
                    + purposes));
        } else if (send.category() == MessageCategory.MARKETING) {
            problems.accept(ValidationProblem.warningAtStep(Code.NO_CONSENT_PURPOSE, send.id(), "step '" + send.id()
                    + "' sends marketing with the default purpose '" + purpose + "', which is not a declared consent "
                    + "purpose, so only contacts who consented to every purpose on its channel receive it; "
                    + "give it one of " + purposes));
        }
    }
}
