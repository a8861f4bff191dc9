package dev.journeys.store.postgres;

import dev.journeys.core.persistence.ContactStateCodec;
import dev.journeys.core.persistence.UnreadableStateException;
import dev.journeys.core.ContactState;
import dev.journeys.core.IdRules;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link JourneyStore} on PostgreSQL: one row per contact in {@code journey_contact} holding its
 * whole state ({@link ContactStateCodec}) and its version, so several engines can share the
 * database.
 *
 * <pre>{@code
 * PGSimpleDataSource dataSource = new PGSimpleDataSource(); // or, better, a connection pool
 * dataSource.setUrl("jdbc:postgresql://localhost:5432/journeys");
 * JourneyStore store = PostgresJourneyStore.open(dataSource, InstantSource.system(), Duration.ofMinutes(1));
 * JourneyEngine engine = JourneyEngine.builder().store(store)...build();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #save} is compare-and-set on the version: an {@code INSERT} for version 1 that
 *       fails if the row exists, an {@code UPDATE ... WHERE version = expected} otherwise. It
 *       writes {@code next_due_at} from {@link ContactState#nextDueAtMillis()} ({@code NULL} when
 *       nothing is due) and clears the claim.
 *   <li>{@link #claimDue} takes, in one statement, the earliest due rows whose claim is absent or
 *       expired with {@code SELECT ... FOR UPDATE SKIP LOCKED}, and claims them for the lease:
 *       {@code claimed_until} is the store clock's instant plus the lease. A claim whose lease ran
 *       out (its holder crashed or stalled) is claimable again. Due times are compared with the
 *       {@code now} the caller passes; leases with the store's own clock. The same statement
 *       returns the claimed contacts' states ({@link DueContact#state()}), so the engine does not
 *       load them one by one.
 *   <li>{@link #saveAll} saves such a page of states in one transaction, as JDBC batches, each
 *       compare-and-set like {@link #save}.
 *   <li>{@link #save(ContactState, ProcessedEvent)} inserts the event's row in
 *       {@code journey_processed_event} ({@code ON CONFLICT DO NOTHING}) and writes the state in
 *       one transaction: a row already there (or being inserted by another transaction, which
 *       the insert waits for) refuses the save, a refused state write takes the row back. So of
 *       two engines handed the same event at once, one applies it. {@link #forgetProcessedEvents}
 *       deletes the oldest rows before an instant, skipping rows locked by another purge.
 *   <li>The journey definitions ({@link dev.journeys.core.spi.JourneyDefinitions}) are kept as JSON
 *       documents ({@code JourneyJson}): published versions in {@code journey_version}, frozen once
 *       inserted; statuses in {@code journey_status}, each write compare-and-set on its revision;
 *       drafts in {@code journey_draft}. A journey holding a custom condition, which is Java code,
 *       cannot be written as JSON, so it cannot be published or saved as a draft on this store.
 * </ul>
 *
 * <p>Claims are fenced: each takes the next number of a sequence, carried in
 * {@link DueContact#claim()}, and a release by a holder whose lease ran out and whose contact was
 * claimed again since does nothing. Writes are fenced by the version: a holder that stalled past
 * its lease cannot save over what the caller that took over saved. Each call takes a
 * connection from the data source and gives it back; hand it a pooled one.
 *
 * <p>Thread-safe.
 */
public final class PostgresJourneyStore implements JourneyStore {

    /** How many times a connection is asked for by default before a call fails. */
    public static final int DEFAULT_CONNECTION_ATTEMPTS = 5;
    /** The wait before the second attempt by default; each later wait is twice the one before. */
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final InstantSource clock;
    private final long leaseMillis;
    private final PostgresContactStates contactStates;
    private final PostgresDueClaims claims;
    private final PostgresProcessedEvents processedEvents;
    private final PostgresEnrolmentProgress enrolmentProgress;
    private final PostgresDefinitions definitions;

    /**
     * Creates a store on tables that exist; see {@link #open} to create or upgrade them first.
     *
     * @param dataSource the database
     * @param clock the clock that starts and ends claim leases
     * @param lease how long a claim lasts unless the contact is saved or released; positive
     * @throws IllegalArgumentException if the lease is not positive
     */
    public PostgresJourneyStore(DataSource dataSource, InstantSource clock, Duration lease) {
        this(Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(clock, "clock"),
                positiveMillis(lease), DEFAULT_CONNECTION_ATTEMPTS, DEFAULT_FIRST_BACKOFF);
    }

    private PostgresJourneyStore(DataSource dataSource, InstantSource clock, long leaseMillis, int connectionAttempts,
                                 Duration firstBackoff) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
        PostgresConnections connections = new PostgresConnections(dataSource, connectionAttempts, firstBackoff);
        this.contactStates = new PostgresContactStates(connections);
        this.claims = new PostgresDueClaims(connections, clock, leaseMillis);
        this.processedEvents = new PostgresProcessedEvents(connections);
        this.enrolmentProgress = new PostgresEnrolmentProgress(connections);
        this.definitions = new PostgresDefinitions(dataSource, connections::connect);
    }

    /** Returns the lease in milliseconds, if it is positive. */
    private static long positiveMillis(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        return lease.toMillis();
    }

    /**
     * Returns a store like this one that asks for a connection up to {@code attempts} times
     * before a call fails, waiting {@code firstBackoff}, then twice as long each time, in between:
     * a database that restarts or fails over within those waits costs the calls nothing. A call
     * whose connection drops during a statement fails at once (the statement may have been
     * applied); the engine keeps such a contact due and works on it again, and every save is
     * compare-and-set, so nothing is lost or applied twice. Defaults:
     * {@value #DEFAULT_CONNECTION_ATTEMPTS} attempts, 100 ms first.
     *
     * @param attempts how many times to ask; at least 1
     * @param firstBackoff the first wait; zero or more
     * @return the store
     */
    public PostgresJourneyStore withConnectionRetries(int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must not be negative, was " + firstBackoff);
        }
        return new PostgresJourneyStore(dataSource, clock, leaseMillis, attempts, firstBackoff);
    }

    /**
     * Brings the database's schema to the version this library knows ({@link PostgresSchema}) and
     * returns a store on it.
     *
     * @param dataSource the database
     * @param clock the clock that starts and ends claim leases
     * @param lease how long a claim lasts; positive
     * @return the store
     * @throws PostgresStoreException if the database cannot be reached (the message names its URL
     *     without the password) or its schema is newer than this library knows
     */
    public static PostgresJourneyStore open(DataSource dataSource, InstantSource clock, Duration lease) {
        PostgresJourneyStore store = new PostgresJourneyStore(dataSource, clock, lease);
        new PostgresSchema(dataSource).migrate();
        return store;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnreadableStateException if the stored bytes cannot be read, or their version is not
     *     the row's
     */
    @Override
    public Optional<ContactState> load(String contactId) {
        return contactStates.load(contactId);
    }

    /**
     * Returns the contacts parked because their stored state could not be read, or their id,
     * saved before ids were checked, breaks {@link IdRules}, each with the reason: they are left out of claims and of {@link #nextDueAt()}, and loading one raises
     * {@link UnreadableStateException}, until an operator repairs the row and sets its
     * {@code parked_reason} back to {@code NULL}.
     *
     * @return contact id to reason, by contact id
     */
    public java.util.SortedMap<String, String> parkedContacts() {
        return contactStates.parkedContacts();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A state with nothing in it is kept like any other.
     */
    @Override
    public void save(ContactState state) {
        contactStates.save(state);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the event's row is inserted first, so the id is checked before the
     * version and a save that races another carrying the same id waits for it to end.
     */
    @Override
    public void save(ContactState state, ProcessedEvent event) {
        contactStates.save(state, event);
    }

    @Override
    public boolean hasProcessed(String contactId, String eventId) {
        return processedEvents.hasProcessed(contactId, eventId);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The states are saved in one transaction, the updates as one JDBC batch and the inserts
     * (version 1) one by one, in contact id order so that two batches never wait on each other's
     * rows: a page of contacts costs two or three round trips instead of one per contact. If it
     * throws, none was saved.
     */
    @Override
    public List<ContactState> saveAll(List<ContactState> states) {
        return contactStates.saveAll(states);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: deletes the oldest rows with {@code processed_at} before the instant (in
     * epoch milliseconds), up to the limit, passing over rows another purge holds.
     */
    @Override
    public int forgetProcessedEvents(Instant before, int limit) {
        return processedEvents.forgetProcessedEvents(before, limit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Earliest first across the whole store (ties in no particular order; the page returned is
     * sorted by due time, then contact id). A claim lasts for the lease
     * this store was made with, measured on its clock; after that another caller may claim the
     * contact.
     */
    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        return claims.claimDue(now, limit);
    }

    /**
     * Returns how many contacts this store claimed while an earlier claim on them had run out
     * before its holder saved or released them: work taken over from an engine that crashed,
     * stalled or was paused past its lease, or that had not reached them within the lease. Each
     * claim that takes some over logs how many at INFO, and which at DEBUG. (A send saved but not recorded as dispatched
     * goes again through an ordinary claim once its dispatch lease ends; it is not counted here.)
     *
     * @return the count since this store was made
     */
    public long claimsTakenOver() {
        return claims.claimsTakenOver();
    }

    @Override
    public void release(DueContact claimed) {
        claims.release(claimed);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Contacts under a live claim do not count: their work is in hand.
     */
    @Override
    public Duration lease() {
        return claims.lease();
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return claims.nextDueAt();
    }

    @Override
    public long size() {
        return contactStates.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>In this version the ids are all read into memory before the stream is returned, so a
     * walk costs memory in proportion to the number of contacts; closing the stream is still
     * expected.
     */
    @Override
    public Stream<String> contactIds() {
        return contactStates.contactIds();
    }

    @Override
    public Optional<EnrolmentProgress> enrolmentProgress(String journeyId) {
        return enrolmentProgress.enrolmentProgress(journeyId);
    }

    @Override
    public void saveEnrolmentProgress(EnrolmentProgress progress) {
        enrolmentProgress.saveEnrolmentProgress(progress);
    }

    @Override
    public JourneyDefinitions definitions() {
        return definitions;
    }
}
