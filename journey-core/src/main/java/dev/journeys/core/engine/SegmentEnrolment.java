package dev.journeys.core.engine;

import dev.journeys.core.Contact;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.Schedule;
import dev.journeys.core.kernel.CompiledJourney;
import dev.journeys.core.kernel.JourneyKernel;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Enrols the members of segment journeys' segments: by hand, and for the occurrences of their
 * schedules, resuming an interrupted run after its last saved page; completes a scheduled journey
 * once its schedule has no occurrence left.
 *
 * <p>Thread-safe: one enrolment runs at a time, under this object's monitor.
 */
final class SegmentEnrolment {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before
    private static final int ENROLMENT_PAGE = 1_000;

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final ContactDirectory directory;
    private final EngineCounters counters;
    private final ContactPipeline pipeline;
    private final JourneyRegistry registry;
    private final Object enrolmentMonitor = new Object();

    SegmentEnrolment(EngineContext context, ContactPipeline pipeline, JourneyRegistry registry) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.directory = context.directory();
        this.counters = context.counters();
        this.pipeline = pipeline;
        this.registry = registry;
    }

    /** Enrols a segment now; see {@link JourneyEngine#enrolSegment}. */
    EnrolmentProgress enrolSegment(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        context.requireOpen();
        CompiledJourney journey = catalog().newest(journeyId)
                .orElseThrow(() -> new IllegalArgumentException("no journey '" + journeyId + "' is published"));
        if (!(journey.definition().entry() instanceof Entry.FromSegment)) {
            throw new IllegalArgumentException("journey '" + journeyId + "' is entered by an event, not from a segment");
        }
        if (!catalog().is(journeyId, JourneyStatus.LIVE)) {
            throw new IllegalStateException("journey '" + journeyId + "' is "
                    + catalog().status(journeyId).orElseThrow() + "; only a LIVE journey enrols");
        }
        boolean scheduled = ((Entry.FromSegment) journey.definition().entry()).schedule().isPresent();
        // By hand, a scheduled journey's progress is not saved: it belongs to the schedule's occurrences.
        return enrol(journey, EnrolmentProgress.starting(journeyId, clock.instant()), !scheduled);
    }

    /** Returns when the next scheduled segment enrolment is due, if any journey has one. */
    Optional<Instant> nextEnrolmentAt() {
        Optional<Instant> next = Optional.empty();
        for (CompiledJourney journey : catalog().journeys()) {
            if (!catalog().is(journey.id(), JourneyStatus.LIVE)) {
                continue;
            }
            Optional<Instant> due = pendingOccurrence(journey).map(EnrolmentProgress::occurrence);
            if (due.isPresent() && (next.isEmpty() || due.get().isBefore(next.get()))) {
                next = due;
            }
        }
        return next;
    }

    /** Returns the occurrence a scheduled segment journey has to run next: one left unfinished, else the next. */
    private Optional<EnrolmentProgress> pendingOccurrence(CompiledJourney journey) {
        if (!(journey.definition().entry() instanceof Entry.FromSegment from) || from.schedule().isEmpty()) {
            return Optional.empty();
        }
        Optional<EnrolmentProgress> last = store.enrolmentProgress(journey.id());
        if (last.isPresent() && !last.get().done()) {
            return last;
        }
        return from.schedule().get().next(last.map(EnrolmentProgress::occurrence))
                .map(at -> EnrolmentProgress.starting(journey.id(), at));
    }

    /**
     * Runs the due occurrences of scheduled segment journeys. Of several occurrences missed while
     * the engine was not running, only the latest runs: a segment is enrolled as it is now, once.
     */
    void runScheduledEnrolments(Instant now) {
        for (CompiledJourney journey : catalog().journeys()) {
            if (!catalog().is(journey.id(), JourneyStatus.LIVE)) {
                continue; // a paused journey's occurrences wait for the resume; the latest then runs
            }
            Optional<EnrolmentProgress> pending = pendingOccurrence(journey);
            if (pending.isEmpty()) {
                completeIfPastItsSchedule(journey);
                continue;
            }
            if (pending.get().occurrence().isAfter(now)) {
                continue;
            }
            EnrolmentProgress due = pending.get();
            if (due.lastContactId().isEmpty()) {
                Schedule schedule = ((Entry.FromSegment) journey.definition().entry()).schedule().orElseThrow();
                for (Optional<Instant> later = schedule.next(Optional.of(due.occurrence()));
                     later.isPresent() && !later.get().isAfter(now); later = schedule.next(later)) {
                    LOG.info("skipped missed enrolment of {} at {}: a later one is due", journey.id(), due.occurrence());
                    due = EnrolmentProgress.starting(journey.id(), later.get());
                }
            }
            try {
                enrol(journey, due, true);
                if (pendingOccurrence(journey).isEmpty()) {
                    completeIfPastItsSchedule(journey);
                }
            } catch (RuntimeException failure) {
                counters.processingFailures.increment();
                LOG.error("enrolment of {} at {} failed; it resumes at the next run", journey.id(),
                        due.occurrence(), LogText.of(failure));
            }
        }
    }

    /** Marks a live segment journey COMPLETED once its schedule has no occurrence left and the last enrolment is done. */
    private void completeIfPastItsSchedule(CompiledJourney journey) {
        if (journey.definition().entry() instanceof Entry.FromSegment segment && segment.schedule().isPresent()
                && store.enrolmentProgress(journey.id()).map(EnrolmentProgress::done).orElse(false)) {
            registry.completeIfStillLive(journey.id(), "its schedule has no occurrence left");
        }
    }

    /** Enrols the members of a segment journey's segment, a page at a time, saving progress after each page. */
    private EnrolmentProgress enrol(CompiledJourney journey, EnrolmentProgress start, boolean saveProgress) {
        synchronized (enrolmentMonitor) {
            String segmentId = ((Entry.FromSegment) journey.definition().entry()).segment();
            long occurrence = start.occurrence().toEpochMilli();
            EnrolmentProgress progress = start;
            java.util.function.Consumer<EnrolmentProgress> save = saveProgress ? store::saveEnrolmentProgress : p -> { };
            save.accept(progress);
            while (!progress.done()) {
                if (!catalog().is(journey.id(), JourneyStatus.LIVE)) {
                    LOG.info("enrolment of {} at {} stopped after {} contacts: the journey is {}; it resumes after "
                            + "the last saved page", journey.id(), progress.occurrence(), progress.considered(),
                            catalog().status(journey.id()).orElseThrow());
                    return progress; // not done: a resumed journey goes on from here
                }
                List<Contact> page = directory.page(progress.lastContactId(), ENROLMENT_PAGE);
                if (page.isEmpty()) {
                    progress = progress.finished();
                    save.accept(progress);
                    break;
                }
                Instant now = clock.instant();
                long members = 0;
                for (Contact contact : page) {
                    if (JourneyKernel.isMember(catalog(), contact, context.history(contact.id(), now), segmentId, now)) {
                        members++;
                        pipeline.process(contact.id(), new Input.Enrol(journey.id(), occurrence), null);
                    }
                }
                progress = progress.after(page.get(page.size() - 1).id(), page.size(), members,
                        page.size() < ENROLMENT_PAGE);
                save.accept(progress);
            }
            LOG.info("enrolled segment '{}' into {} at {}: {} members of {} contacts", segmentId, journey.id(),
                    progress.occurrence(), progress.members(), progress.considered());
            return progress;
        }
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
