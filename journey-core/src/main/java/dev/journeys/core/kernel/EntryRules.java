package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.ContactState;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.Incident;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Enters the contact into journeys: the entry checks (lifecycle, re-entry rule, exclusions),
 * the reservation of an entry slot at the {@link EntryGate} for a rate-limited journey, the queued
 * instance let in at its slot, and the entry that fails in its first steps parked instead.
 * What asks for an entry (an event, an enrolment) is the subclasses'. Part of the kernel;
 * package-private.
 *
 * <p>Not thread-safe: one evaluation, on one thread.
 */
abstract class EntryRules extends PathRunner {

    private final EntryGate gate;

    EntryRules(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
        super(catalog, state, subject, observed);
        this.gate = gate;
    }

    /** Enrols the contact, unless this segment enrolment occurrence entered them already. */
    void enrol(CompiledJourney journey, long occurrenceMillis) {
        int index = indexOfHistory(journey.id());
        if (occurrenceMillis != Input.Enrol.BY_HAND && index >= 0
                && history.get(index).lastOccurrenceMillis().equals(OptionalLong.of(occurrenceMillis))) {
            return; // a resumed enrolment reached the contact again
        }
        String cause = occurrenceMillis == Input.Enrol.BY_HAND ? "enrolment"
                : "enrolment of " + Instant.ofEpochMilli(occurrenceMillis);
        enterGuarded(journey, cause, Attributes.empty(), occurrenceMillis, "the " + cause);
    }

    /**
     * Enters the contact; if the journey's first steps fail, undoes them and enters the contact
     * as a parked instance at the start step instead.
     */
    void enterGuarded(CompiledJourney journey, String cause, Attributes entryData, long occurrenceMillis,
                      String during) {
        Checkpoint checkpoint = checkpoint();
        try {
            enter(journey, cause, entryData, occurrenceMillis);
        } catch (RuntimeException failure) {
            parkEntry(checkpoint, journey, entryData, occurrenceMillis, Incident.describe(during, failure));
        }
    }

    void enter(CompiledJourney journey, String cause, Attributes entryData) {
        enter(journey, cause, entryData, Input.Enrol.BY_HAND);
    }

    private void enter(CompiledJourney journey, String cause, Attributes entryData, long occurrenceMillis) {
        Optional<JourneyStatus> status = catalog.status(journey.id());
        if (status.isPresent() && !status.get().takesEntries()) {
            events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.NOT_LIVE,
                    "journey '" + journey.id() + "' is " + status.get(), now));
            return;
        }
        boolean inJourney = false;
        for (int i = 0; i < instances.size() && !inJourney; i++) {
            inJourney = instances.get(i).journeyId().equals(journey.id());
        }
        int index = indexOfHistory(journey.id());
        Optional<String> refusal = journey.definition().reentry().refusal(
                index < 0 ? Optional.empty() : Optional.of(history.get(index)), inJourney, now);
        if (refusal.isPresent()) {
            events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.REENTRY_RULE,
                    refusal.get(), now));
            return;
        }
        Optional<Condition> exclusion;
        try {
            exclusion = exclusionOf(journey);
        } catch (RuntimeException failure) {
            events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.EVALUATION_FAILED,
                    Incident.describe("the exclusions at entry", failure), now));
            return;
        }
        if (exclusion.isPresent()) {
            events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.EXCLUDED,
                    "excluded: " + exclusion.get(), now));
            return;
        }
        Optional<EntryRateLimit> limit = journey.definition().policies().entryRateLimit();
        long admitAt = limit.isPresent() ? gate.reserve(journey.id(), limit.get(), nowMillis) : nowMillis;
        if (admitAt == EntryGate.REJECTED) {
            events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.RATE_LIMITED,
                    "rejected: " + limit.get() + " reached", now));
            return;
        }
        if (limit.isPresent()) {
            reserved(new EntryReservation(journey.id(), admitAt));
        }
        JourneyHistory updated = recordEntry(journey, index, occurrenceMillis);
        String start = journey.definition().startStep();
        JourneyInstance instance = new JourneyInstance(journey.id(), journey.version(), updated.entries(), start,
                nowMillis, nowMillis, admitAt > nowMillis ? JourneyInstance.Timer.DUE_AT : JourneyInstance.Timer.NONE,
                admitAt > nowMillis ? admitAt : 0, 0, 0L, entryData, Optional.empty());
        (instances = editable(instances)).add(instance);
        changed = true;
        if (admitAt > nowMillis) {
            events.add(new JourneyEvent.EntryQueued(ref(instance), Instant.ofEpochMilli(admitAt), now));
            return;
        }
        events.add(new JourneyEvent.Entered(ref(instance), cause, now));
        advance(instance, journey, Optional.of(start));
    }

    /** Lets a queued instance in at its slot: it starts now, from the start step. */
    void admit(JourneyInstance queued, CompiledJourney journey) {
        JourneyInstance admitted = replace(queued, queued.admitted(nowMillis));
        events.add(new JourneyEvent.Entered(ref(admitted), "admitted by " + journey.definition().policies()
                .entryRateLimit().map(Object::toString).orElse("an entry rate limit") + " after waiting "
                + java.time.Duration.ofMillis(nowMillis - queued.enteredAtMillis()), now));
        advance(admitted, journey, Optional.of(journey.definition().startStep()));
    }
}
