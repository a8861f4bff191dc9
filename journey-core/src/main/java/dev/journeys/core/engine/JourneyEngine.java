package dev.journeys.core.engine;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.IdRules;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.internal.Ids;
import dev.journeys.core.Incident;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.Migration;
import dev.journeys.core.MigrationResult;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.SendPreview;
import dev.journeys.core.StatusChange;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationReport;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.kernel.EngineRules;
import dev.journeys.core.kernel.JourneyKernel;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.internal.RecentEvents;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs published journeys for the contacts of a host application.
 *
 * <pre>{@code
 * InMemoryContactDirectory contacts = ContactDirectory.inMemory();
 * RecordingChannel email = MessageChannel.recording();
 * try (JourneyEngine engine = JourneyEngine.builder()
 *         .clock(InstantSource.system())
 *         .contacts(contacts)
 *         .channel("email", email)
 *         .journey(brewBetterAtHome)
 *         .build()) {
 *     engine.start();                       // or call engine.runDue() yourself
 *     engine.accept(Event.of("e-1", "form.submitted", "ana", now)
 *             .withPayload(Attributes.of("form", "french-press-guide")));
 * }
 * }</pre>
 *
 * <p>How it works: each input (an event, due timers, an enrolment) is handled for one contact
 * at a time under that contact's lock. The engine loads the contact's state, asks the pure
 * evaluator what happens, saves the new state with its outbox of effects, tells listeners, then
 * dispatches the effects to channels and action handlers and saves again. Different contacts
 * run in parallel.
 *
 * <p>Rules a host can rely on:
 * <ul>
 *   <li>Time comes only from the injected clock; with a virtual clock, {@link #runDue()} fires
 *       exactly the timers that clock has reached.</li>
 *   <li>An event of a type no published journey reads is dropped and counted
 *       ({@link Acceptance#IGNORED}); an event whose id was already accepted for the contact
 *       within the {@linkplain JourneyEngineBuilder#duplicateWindow duplicate window} is dropped and counted
 *       ({@link Acceptance#DUPLICATE}), whether this engine accepted it or, through a store that
 *       keeps the ids of applied events ({@link JourneyStore#hasProcessed}), another engine
 *       sharing the store or this one before a restart; an event for a contact the directory
 *       does not know follows the {@link UnknownContactPolicy}.</li>
 *   <li>Every send and action carries an {@link IdempotencyKey}. If a channel or handler
 *       throws, the contact's state is untouched by the failure: the effect stays in the outbox
 *       and is retried by the {@link RetryPolicy}, then dropped with a recorded reason.</li>
 *   <li>A contact already in a journey does not enter it again until that instance ended.</li>
 *   <li>An event or enrolment for a contact is worked on after the contact's work that fell due
 *       at or before that instant (the engine's clock when it works on the input, not the
 *       event's own time; a timer due at exactly that instant is included), under the same lock:
 *       whether or not the scheduler fired those timers yet, the input sees the same state as
 *       with a {@link #runDue()} just before it.</li>
 * </ul>
 *
 * <p>Thread-safe: every method may be called from many threads at once.
 */
public final class JourneyEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class);

    private final EngineContext context;
    private final EventLateness lateness;
    private final JourneyRegistry registry;
    private final Migrations migrations;
    private final ContactPipeline pipeline;
    private final SegmentEnrolment enrolment;
    private final DueWork dueWork;
    private final DueWorkScheduler scheduler;

    JourneyEngine(JourneyEngineBuilder builder) {
        this.context = new EngineContext(builder.clock, builder.store, CheckedDirectory.of(builder.directory),
                builder.listeners, JourneyCatalog.empty().withEngineRules(new EngineRules(builder.caps,
                Optional.ofNullable(builder.quietHours), builder.suppression, builder.segments,
                builder.store.lease())));
        this.lateness = new EventLateness(builder.maxEventLateness);
        this.scheduler = new DueWorkScheduler(context, builder.pollInterval.toMillis(), this::runDue, this::nextDueAt);
        OutboxDispatcher dispatcher = new OutboxDispatcher(context, builder.channels, builder.defaultChannel,
                builder.actions, builder.retryPolicy);
        RecentEvents recentEvents = new RecentEvents(context.locks().stripes(), builder.maxRememberedEvents,
                builder.duplicateWindow.toMillis());
        this.pipeline = new ContactPipeline(context, recentEvents, builder.unknownContactPolicy, dispatcher, scheduler);
        this.registry = new JourneyRegistry(context, builder.validationContext(), pipeline, builder.refreshInterval);
        this.migrations = new Migrations(context, registry, pipeline);
        this.enrolment = new SegmentEnrolment(context, pipeline, registry);
        this.dueWork = new DueWork(context, pipeline, enrolment, builder.duplicateWindow);
        registry.start(builder.journeys);
    }

    /** Returns a builder for an engine. */
    public static JourneyEngineBuilder builder() {
        return new JourneyEngineBuilder();
    }

    /**
     * Publishes a journey version: new entries go to the newest version of each journey, while
     * contacts already in an older version finish on it. The journey is checked with
     * {@link #validate}; its warnings are logged and do not stop it. The version is recorded in the
     * store first ({@link dev.journeys.core.spi.JourneyDefinitions}), for the other engines sharing
     * it and for restarts.
     *
     * @param journey the journey version
     * @throws InvalidJourneyException if it has errors: problems of its own, an action with no
     *     handler, a segment or attribute that is not defined, (when channels were bound by name and
     *     no default channel was set) a channel with no binding, (when message assets or consent
     *     purposes were declared) a message or purpose that is not among them
     * @throws IllegalArgumentException if this version of the journey is already published, or
     *     the store cannot hold it (a store that keeps definitions as JSON cannot hold a
     *     {@link Condition#custom custom condition})
     * @throws IllegalStateException if the journey is stopped, or the store records another
     *     definition under this version
     */
    public void publish(JourneyDefinition journey) {
        registry.publish(journey);
    }

    /**
     * Publishes a new version of a published journey and moves the contacts in flight on older
     * versions to it, each to the step the migration maps its step to, with the same timer
     * ({@code Migrated} events). Before anything changes, the engine walks every stored contact
     * ({@link JourneyStore#contactIds()}) and refuses the migration if a contact waits at a step the
     * migration does not map, or if a mapped step is not one of the new version where a contact
     * can wait (a wait, a wait for an event, or a send). A contact that reaches an unmapped step
     * between that check and its move stays on its version and finishes there (counted in
     * {@link MigrationResult#stayed()}).
     *
     * @param journey the new version; higher than the newest published
     * @param migration old step to new step
     * @return how many instances moved from each step, and how many stayed
     * @throws InvalidJourneyException if the new version has problems
     * @throws IllegalArgumentException if the journey is not published, the version is not higher,
     *     or the migration leaves an occupied step unmapped or maps to a step where nobody can wait
     */
    public MigrationResult publish(JourneyDefinition journey, Migration migration) {
        return migrations.publish(journey, migration);
    }

    /**
     * Saves a draft: a journey, or the next version of a published one, that receives no contacts
     * until it is {@linkplain #publishDraft(String) published}. A draft may have problems; they are
     * returned, all of them, as publishing would report them. Saving a draft again replaces it.
     * Drafts are kept in the store, so every engine sharing it reads the same.
     *
     * @param draft the draft
     * @return the problems publishing it would find now, errors and warnings; it can be published
     *     when none is an error
     * @throws IllegalArgumentException if its version is not above the newest published version
     * @throws IllegalStateException if the journey is stopped
     */
    public List<ValidationProblem> saveDraft(JourneyDefinition draft) {
        return registry.saveDraft(draft);
    }

    /** Returns the saved draft of a journey, if it has one. */
    public Optional<JourneyDefinition> draft(String journeyId) {
        return registry.draft(journeyId);
    }

    /**
     * Publishes a journey's saved draft: it goes from DRAFT to LIVE (or, for the next version of
     * a published journey, new entries go to it), and the draft is gone.
     *
     * @param journeyId a journey with a saved draft
     * @throws IllegalArgumentException if it has no draft
     * @throws InvalidJourneyException if the draft has problems; it stays a draft
     */
    public void publishDraft(String journeyId) {
        registry.publishDraft(journeyId);
    }

    /**
     * Copies a journey (its saved draft, else its newest published version) into a new draft
     * with another id, version 1, for the next campaign. Nothing of the original changes.
     *
     * @param journeyId the journey to copy
     * @param newId the copy's id, not used by a published journey or a draft
     * @return the new draft, saved
     * @throws IllegalArgumentException if the journey does not exist or the new id is taken
     */
    public JourneyDefinition cloneAsDraft(String journeyId, String newId) {
        return registry.cloneAsDraft(journeyId, newId);
    }

    /**
     * Returns where a journey is in its lifecycle.
     *
     * @param journeyId a published journey or a draft
     * @return its state: {@link JourneyStatus#DRAFT} for a journey that has only a draft
     * @throws IllegalArgumentException if the engine knows no such journey
     */
    public JourneyStatus status(String journeyId) {
        return registry.status(journeyId);
    }

    /**
     * Pauses a live journey: it takes no new entries (they are declined with
     * {@link DeclineReason#NOT_LIVE}) and its contacts stay where they are. A contact whose wait
     * ends during the pause is held at that step ({@code PauseChanged}), a send waiting for a
     * retry is held, and waits for events do not see what arrives; exit triggers and the goal
     * still apply. Scheduled segment enrolments wait for the resume. The status is recorded in the
     * store (compare-and-set: of two engines changing it at once, the second sees the first's
     * change); other engines sharing the store see it when they {@linkplain #refreshDefinitions()
     * refresh}, and a restarted engine starts with it.
     *
     * @param journeyId a live journey
     * @return the change
     * @throws IllegalStateException if the journey is not live
     */
    public StatusChange pause(String journeyId) {
        return registry.changeStatus(journeyId, JourneyStatus.PAUSED, "paused", false);
    }

    /**
     * Resumes a paused journey: it takes entries again, and every contact held by the pause is due
     * now and goes on at the engine's next run ({@link #runDue()} or the scheduler); a send held
     * for a retry goes out at once. A wait that ended during the pause thus ends at the resume;
     * waits still running end when they always would. Walks every stored contact
     * ({@link JourneyStore#contactIds()}).
     *
     * @param journeyId a paused journey
     * @return the change, with how many contacts were let go
     * @throws IllegalStateException if the journey is not paused
     */
    public StatusChange resume(String journeyId) {
        return registry.changeStatus(journeyId, JourneyStatus.LIVE, "resumed", true);
    }

    /**
     * Stops a journey for good: it takes no entries, and every instance of it, of every version,
     * ends now with {@link ExitCause#JOURNEY_STOPPED} and the reason; their sends still waiting in
     * the outbox are cancelled. Walks every stored contact ({@link JourneyStore#contactIds()}).
     *
     * @param journeyId a live, paused or completed journey
     * @param reason why, recorded in every exit
     * @return the change, with how many contacts' instances were ended
     * @throws IllegalStateException if the journey is a draft or already stopped
     */
    public StatusChange stop(String journeyId, String reason) {
        Ids.requireText(reason, "reason");
        return registry.changeStatus(journeyId, JourneyStatus.STOPPED, reason, true);
    }

    /**
     * Checks a journey against what this engine was given, without publishing it: the bound
     * channels and actions, the declared message assets, consent purposes and event types, the
     * segments, the engine's caps, and the event types the published journeys enter on.
     *
     * @param journey the journey
     * @return every error and warning; {@link #publish} refuses the journey if there is an error
     */
    public ValidationReport validate(JourneyDefinition journey) {
        return registry.validate(journey);
    }

    /** Returns the newest published version of every journey. */
    public List<JourneyDefinition> journeys() {
        return registry.journeys();
    }

    /**
     * Returns one published version of a journey, older ones included.
     *
     * @param journeyId the journey
     * @param version the version
     * @return the definition, or empty if that version is not published here
     */
    public Optional<JourneyDefinition> journey(String journeyId, int version) {
        return registry.journey(journeyId, version);
    }

    /**
     * Feeds an event to the journeys of its contact.
     *
     * <p>Called from inside one of the engine's own callbacks (a listener, channel or action
     * handler reacting to what the engine does), the event is queued and handled as soon as the
     * current input is done, on the same thread, and {@link Acceptance#DEFERRED} is returned.
     *
     * <p>An event that happened longer ago than the {@linkplain JourneyEngineBuilder#maxEventLateness maximum
     * lateness} is refused ({@link Acceptance#TOO_LATE}). An interaction dated before the send it
     * is about is applied, but not as an interaction with that send ({@code InteractionBeforeSend}).
     *
     * @param event the event
     * @return what was done with it
     * @throws UnknownContactException if the directory does not know the contact and the policy
     *     is {@link UnknownContactPolicy#REJECT}
     */
    public Acceptance accept(Event event) {
        Objects.requireNonNull(event, "event");
        requireOpen();
        if (!context.catalog().reads(event.type())) {
            context.counters().eventsIgnored.increment();
            LOG.debug("ignored event '{}' of type '{}': no published journey reads it", event.id(), event.type());
            return Acceptance.IGNORED;
        }
        if (lateness.refuses(event, context.clock().instant())) {
            context.counters().eventsTooLate.increment();
            LOG.debug("refused event '{}' of type '{}': it happened at {}, longer than {} ago", event.id(),
                    event.type(), event.occurredAt(), lateness.max());
            return Acceptance.TOO_LATE;
        }
        return process(event.contactId(), new Input.EventArrived(event), event);
    }

    /**
     * Enrols a contact in the newest version of a journey, as a segment journey's schedule does;
     * it works for any journey. A contact already in the journey is not enrolled again. Like
     * {@link #accept}, a call from inside a callback is {@link Acceptance#DEFERRED}.
     *
     * @param journeyId the journey
     * @param contactId the contact
     * @return {@link Acceptance#ACCEPTED}, {@link Acceptance#DEFERRED}, or
     *     {@link Acceptance#UNKNOWN_CONTACT} under {@link UnknownContactPolicy#IGNORE}
     * @throws IllegalArgumentException if no version of the journey is published
     * @throws UnknownContactException if the directory does not know the contact and the policy
     *     is {@link UnknownContactPolicy#REJECT}
     */
    public Acceptance enrol(String journeyId, String contactId) {
        Objects.requireNonNull(journeyId, "journeyId");
        IdRules.requireContactId(contactId, "contactId");
        requireOpen();
        if (context.catalog().newest(journeyId).isEmpty()) {
            throw new IllegalArgumentException("no journey '" + journeyId + "' is published");
        }
        return process(contactId, new Input.Enrol(journeyId), null);
    }

    /**
     * Runs a parked instance again (see {@link Incident}): it leaves the step it was parked at as
     * it would have (a wait whose time has passed ends now, an entry that failed starts from the
     * start step), and a new failure parks it again. An event whose work failed is not applied
     * again; the host sends it again, with a new id, if it still should be.
     *
     * @param contactId the contact
     * @param journeyId the instance's journey
     * @param instance the instance's number ({@link JourneyInstance#number()})
     * @return {@link Acceptance#ACCEPTED}, or as {@link #enrol} for a contact the directory lost
     * @throws IllegalArgumentException if the contact has no such instance
     * @throws IllegalStateException if the instance is not parked
     */
    public Acceptance retryParked(String contactId, String journeyId, int instance) {
        IdRules.requireContactId(contactId, "contactId");
        Objects.requireNonNull(journeyId, "journeyId");
        requireOpen();
        return process(contactId, new Input.RetryParked(journeyId, instance), null);
    }

    /**
     * Ends a parked instance (see {@link Incident}): it exits with {@link ExitCause#ENDED_BY_HOST}
     * and the reason given, and its effects still in the outbox are cancelled.
     *
     * @param contactId the contact
     * @param journeyId the instance's journey
     * @param instance the instance's number ({@link JourneyInstance#number()})
     * @param reason why, kept in the exit event
     * @return {@link Acceptance#ACCEPTED}, or as {@link #enrol} for a contact the directory lost
     * @throws IllegalArgumentException if the contact has no such instance
     * @throws IllegalStateException if the instance is not parked
     */
    public Acceptance endParked(String contactId, String journeyId, int instance, String reason) {
        IdRules.requireContactId(contactId, "contactId");
        Objects.requireNonNull(journeyId, "journeyId");
        Ids.requireText(reason, "reason");
        requireOpen();
        return process(contactId, new Input.EndParked(journeyId, instance, reason), null);
    }

    /**
     * Fires every timer the clock has reached (waits that end, retries of failed dispatches),
     * each contact at most once, and returns how many contacts it worked on. A contact whose
     * work fails (its directory lookup or store save throws) is logged, counted in
     * {@link EngineStats#processingFailures()} and stays due; the others go on. When the store's
     * claims carry the contacts' states ({@link DueContact#state()}), a page of claimed contacts
     * is saved with one call of {@link JourneyStore#saveAll} before the dispatch, and each
     * contact's dispatch is recorded by a save right after it, instead of a load and two saves
     * per contact. A send whose hold for this engine ({@link OutboxEntry#DISPATCH_LEASE}) ran out
     * before this engine reached it (it stalled) is left to the engine that claims it next.
     *
     * <p>First, at most once per {@linkplain JourneyEngineBuilder#definitionRefreshInterval refresh interval},
     * it {@linkplain #refreshDefinitions() refreshes} the journeys from the store.
     *
     * @return the number of contacts worked on
     */
    public int runDue() {
        registry.refreshIfDue();
        return dueWork.runDue();
    }

    /**
     * Takes in now what the store records of the journeys ({@link dev.journeys.core.spi.JourneyDefinitions}):
     * the versions other engines sharing it published, and the statuses they changed. A journey
     * another engine paused or stopped takes no entries here from now on and sends nothing more;
     * the engine that paused or stopped it walked its contacts. {@link #runDue()} does this at
     * most once per {@linkplain JourneyEngineBuilder#definitionRefreshInterval refresh interval}.
     */
    public void refreshDefinitions() {
        requireOpen();
        registry.refresh();
    }

    /** Returns when the next timer is due, if any is pending. */
    public Optional<Instant> nextDueAt() {
        Optional<Instant> timers = context.store().nextDueAt();
        Optional<Instant> enrolment = this.enrolment.nextEnrolmentAt();
        if (timers.isEmpty() || enrolment.isPresent() && enrolment.get().isBefore(timers.get())) {
            return enrolment;
        }
        return timers;
    }

    /**
     * Runs a segment journey's enrolment now: walks the contact directory a page at a time
     * ({@link ContactDirectory#page}), evaluates the journey's segment on each contact, and enrols
     * the members, subject to re-entry, exclusions and the entry rate limit. The occurrence is the
     * current time. A scheduled journey runs its occurrences itself, from {@link #runDue()} or
     * the scheduler; an interrupted run resumes after the last page it saved.
     *
     * @param journeyId a published segment journey
     * @return how far the enrolment came: every contact, when it returns normally
     * @throws IllegalArgumentException if the journey is not published or does not enrol from a segment
     */
    public EnrolmentProgress enrolSegment(String journeyId) {
        return enrolment.enrolSegment(journeyId);
    }

    /**
     * Previews a send step for a contact: the message after conditional content, the channel,
     * the personalisation fields, and whether consent, suppression, quiet hours and frequency caps
     * would let it go if the contact reached the step now (scenario S7). Uses the version of the
     * journey the contact is in, else its saved draft, else the newest published version; sends
     * nothing and changes nothing.
     *
     * <pre>{@code
     * System.out.print(engine.preview("ana", "cold-brew-launch", "teaser").describe());
     * }</pre>
     *
     * @param contactId the contact, who must be in the directory
     * @param journeyId a published journey, or one with a saved draft
     * @param stepId one of its send steps
     * @return the preview
     * @throws IllegalArgumentException if the directory does not know the contact, the journey is
     *     neither published nor drafted, or the step is no send of it
     * @throws InvalidJourneyException if the journey's saved draft has structural problems
     */
    public SendPreview preview(String contactId, String journeyId, String stepId) {
        IdRules.requireContactId(contactId, "contactId");
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(stepId, "stepId");
        requireOpen();
        Contact contact = context.directory().find(contactId).orElseThrow(() -> new IllegalArgumentException(
                "cannot preview for contact '" + contactId + "': the contact directory does not know them"));
        ContactState state = context.store().load(contactId).orElseGet(() -> ContactState.empty(contactId));
        Instant now = context.clock().instant();
        JourneyCatalog previewed = context.catalog();
        Optional<JourneyDefinition> draft = draft(journeyId);
        if (draft.isPresent()) {
            JourneyValidator.report(draft.get()).requireNoErrors(); // a graph the evaluator can walk
            previewed = context.catalog().with(draft.get()); // for this preview only
        }
        return JourneyKernel.preview(previewed, state, contact, journeyId, stepId, now, context.history(contactId, now));
    }

    /** Returns the contact's stored state, if the engine keeps one. */
    public Optional<ContactState> state(String contactId) {
        return context.store().load(IdRules.requireContactId(contactId, "contactId"));
    }

    /** Returns a snapshot of the engine's counters. */
    public EngineStats stats() {
        return context.counters().snapshot();
    }

    /**
     * Starts the scheduler: a daemon thread that calls {@link #runDue()} whenever the next timer
     * is due on the injected clock. It reads the clock at least once every
     * {@linkplain JourneyEngineBuilder#schedulerPollInterval poll interval}, so a virtual clock moved by a
     * test is noticed within that interval; work that stays due (a contact whose work keeps
     * failing) is retried once per interval. Stop it with {@link #close()}.
     *
     * @throws IllegalStateException if it was already started, or the engine is closed
     */
    public void start() {
        scheduler.start();
    }

    /**
     * Stops the scheduler, if started, and waits for its current run to finish. Afterwards the
     * engine refuses further calls. Calling it again does nothing.
     */
    @Override
    public void close() {
        scheduler.close();
    }

    /** Works on one input for one contact, or queues it when called back from inside the engine's own work. */
    private Acceptance process(String contactId, Input input, Event event) {
        return pipeline.process(contactId, input, event);
    }

    private void requireOpen() {
        context.requireOpen();
    }
}
