package dev.journeys.store.postgres;

import dev.journeys.core.persistence.ContactStateCodec;
import dev.journeys.core.persistence.UnreadableStateException;
import dev.journeys.core.ContactState;
import dev.journeys.core.IdRules;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.DuplicateEventException;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
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

    private static final Logger LOG = LoggerFactory.getLogger(PostgresJourneyStore.class);

    /** How many times a connection is asked for by default before a call fails. */
    public static final int DEFAULT_CONNECTION_ATTEMPTS = 5;
    /** The wait before the second attempt by default; each later wait is twice the one before. */
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);

    /** Saves a contact's first state (version 1), unless it has one: compare-and-set on absence. */
    private static final String INSERT = "INSERT INTO journey_contact (contact_id, version, state, next_due_at, "
            + "claimed_until) VALUES (?, 1, ?, ?, NULL) ON CONFLICT (contact_id) DO NOTHING";
    /** Saves a contact's next state over the one before it, and clears its claim: compare-and-set on version. */
    private static final String UPDATE = "UPDATE journey_contact SET version = ?, state = ?, next_due_at = ?, "
            + "claimed_until = NULL, claim_token = NULL WHERE contact_id = ? AND version = ?";

    private final DataSource dataSource;
    private final InstantSource clock;
    private final long leaseMillis;
    private final int connectionAttempts;
    private final Duration firstBackoff;
    private final LongAdder claimsTakenOver = new LongAdder();
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
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        this.leaseMillis = lease.toMillis();
        this.connectionAttempts = DEFAULT_CONNECTION_ATTEMPTS;
        this.firstBackoff = DEFAULT_FIRST_BACKOFF;
        this.definitions = new PostgresDefinitions(dataSource, this::connect);
    }

    private PostgresJourneyStore(PostgresJourneyStore store, int connectionAttempts, Duration firstBackoff) {
        this.dataSource = store.dataSource;
        this.clock = store.clock;
        this.leaseMillis = store.leaseMillis;
        this.connectionAttempts = connectionAttempts;
        this.firstBackoff = firstBackoff;
        this.definitions = new PostgresDefinitions(dataSource, this::connect);
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
        return new PostgresJourneyStore(this, attempts, firstBackoff);
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
        IdRules.requireContactId(contactId, "contactId");
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT version, state, parked_reason FROM journey_contact WHERE contact_id = ?")) {
            select.setString(1, contactId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String parked = row.getString(3);
                if (parked != null) {
                    throw new UnreadableStateException(contactId, "it is parked: " + parked);
                }
                long version = row.getLong(1);
                try {
                    ContactState state = ContactStateCodec.decode(contactId, row.getBytes(2));
                    if (state.version() != version) {
                        throw new UnreadableStateException(contactId, "the row is at version " + version
                                + " but its state bytes are at version " + state.version());
                    }
                    return Optional.of(state);
                } catch (UnreadableStateException unreadable) {
                    park(connection, contactId, unreadable.getMessage());
                    throw unreadable;
                }
            }
        } catch (SQLException failed) {
            throw failure("load the state of contact '" + contactId + "'", failed);
        }
    }

    /** Parks a contact whose state cannot be read: it is never claimed again until repaired. */
    private void park(Connection connection, String contactId, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE journey_contact SET parked_reason = ?, claimed_until = NULL, claim_token = NULL WHERE contact_id = ?")) {
            update.setString(1, reason);
            update.setString(2, contactId);
            update.executeUpdate();
        }
        LOG.error("parked contact '{}': {}", contactId, reason);
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
        java.util.SortedMap<String, String> parked = new java.util.TreeMap<>();
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT contact_id, parked_reason FROM journey_contact WHERE parked_reason IS NOT NULL");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                parked.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException failed) {
            throw failure("list the parked contacts", failed);
        }
        return parked;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A state with nothing in it is kept like any other.
     */
    @Override
    public void save(ContactState state) {
        Objects.requireNonNull(state, "state");
        String id = state.contactId();
        try (Connection connection = connect()) {
            if (writeState(connection, state) == 0) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion(connection, id));
            }
        } catch (SQLException failed) {
            throw failure("save version " + state.version() + " of contact '" + id + "'", failed);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction: the event's row is inserted first, so the id is checked before the
     * version and a save that races another carrying the same id waits for it to end.
     */
    @Override
    public void save(ContactState state, ProcessedEvent event) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        String id = state.contactId();
        try (Connection connection = connect()) {
            inTransaction(connection, () -> {
                if (!recordProcessed(connection, id, event)) {
                    throw new DuplicateEventException(id, event.eventId());
                }
                if (writeState(connection, state) == 0) {
                    throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion(connection, id));
                }
            });
        } catch (SQLException failed) {
            throw failure("save version " + state.version() + " of contact '" + id + "' applying event '"
                    + event.eventId() + "'", failed);
        }
    }

    /**
     * Writes the state compare-and-set on its version, its due time and no claim; returns how many
     * rows were written: 0 if the stored version is not the one before.
     */
    private static int writeState(Connection connection, ContactState state) throws SQLException {
        byte[] bytes = ContactStateCodec.encode(state);
        if (state.version() == 1) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                bindInsert(insert, state, bytes);
                return insert.executeUpdate();
            }
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            bindUpdate(update, state, bytes);
            return update.executeUpdate();
        }
    }

    /** Statements run in one transaction; may throw what JDBC throws. */
    private interface TransactionWork {
        void run() throws SQLException;
    }

    /**
     * Runs the work in one transaction on the connection: commits it, or rolls it back if the work
     * throws (a failed rollback kept as suppressed), and puts the connection back in auto-commit.
     */
    private static void inTransaction(Connection connection, TransactionWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException failed) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                failed.addSuppressed(rollbackFailed);
            }
            throw failed;
        } finally {
            restoreAutoCommit(connection);
        }
    }

    /**
     * Puts the connection back in auto-commit before it goes back to its pool. A failure is logged,
     * not thrown: the transaction already ended, and it would hide what the caller has to know
     * (whether the save was made or refused).
     */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException failed) {
            LOG.warn("could not put a connection back in auto-commit: {}", DataSources.summary(failed));
        }
    }

    /** Inserts the event's row unless it is there; returns whether it was inserted. */
    private static boolean recordProcessed(Connection connection, String contactId, ProcessedEvent event)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO journey_processed_event (contact_id, event_id, processed_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (contact_id, event_id) DO NOTHING")) {
            insert.setString(1, contactId);
            insert.setString(2, event.eventId());
            insert.setLong(3, event.processedAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public boolean hasProcessed(String contactId, String eventId) {
        IdRules.requireContactId(contactId, "contactId");
        IdRules.requireEventId(eventId, "eventId");
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT 1 FROM journey_processed_event WHERE contact_id = ? AND event_id = ?")) {
            select.setString(1, contactId);
            select.setString(2, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException failed) {
            throw failure("look up event '" + eventId + "' of contact '" + contactId + "'", failed);
        }
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
        Objects.requireNonNull(states, "states");
        if (states.size() <= 1) {
            return JourneyStore.super.saveAll(states);
        }
        List<ContactState> sorted = new ArrayList<>(states);
        sorted.sort(java.util.Comparator.comparing(ContactState::contactId));
        List<ContactState> inserted = new ArrayList<>(0);
        List<ContactState> updated = new ArrayList<>(sorted.size());
        for (ContactState state : sorted) {
            (state.version() == 1 ? inserted : updated).add(state);
        }
        List<ContactState> conflicts = new ArrayList<>(0);
        try (Connection connection = connect()) {
            inTransaction(connection, () -> {
                if (!updated.isEmpty()) {
                    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                        for (ContactState state : updated) {
                            bindUpdate(update, state, ContactStateCodec.encode(state));
                            update.addBatch();
                        }
                        collectConflicts(update.executeBatch(), updated, conflicts);
                    }
                }
                if (!inserted.isEmpty()) {
                    // one by one: a batch rewritten by the driver (reWriteBatchedInserts) does not say
                    // which insert ON CONFLICT DO NOTHING passed over
                    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                        for (ContactState state : inserted) {
                            bindInsert(insert, state, ContactStateCodec.encode(state));
                            if (insert.executeUpdate() == 0) {
                                conflicts.add(state);
                            }
                        }
                    }
                }
            });
        } catch (SQLException failed) {
            throw failure("save " + states.size() + " contacts' states", failed);
        }
        if (conflicts.size() > 1) {
            conflicts.sort(java.util.Comparator.comparingInt(states::indexOf)); // back to the order given
        }
        return conflicts;
    }

    private static void collectConflicts(int[] written, List<ContactState> states, List<ContactState> conflicts) {
        for (int i = 0; i < written.length; i++) {
            if (written[i] == 0) {
                conflicts.add(states.get(i));
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One statement: deletes the oldest rows with {@code processed_at} before the instant (in
     * epoch milliseconds), up to the limit, passing over rows another purge holds.
     */
    @Override
    public int forgetProcessedEvents(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        try (Connection connection = connect();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM journey_processed_event WHERE (contact_id, event_id) IN ("
                             + "SELECT contact_id, event_id FROM journey_processed_event WHERE processed_at < ? "
                             + "ORDER BY processed_at LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            delete.setLong(1, before.toEpochMilli());
            delete.setInt(2, limit);
            return delete.executeUpdate();
        } catch (SQLException failed) {
            throw failure("forget the ids of events applied before " + before, failed);
        }
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
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        long leaseNow = clock.millis();
        List<DueContact> claimed = new ArrayList<>();
        List<String> takenOver = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement claim = connection.prepareStatement(
                     // ANY(ARRAY(...)) rather than a join with the due rows, so that the update finds
                     // them by primary key instead of hashing the whole table; ordered by the due
                     // index alone, so that the scan stops at the limit instead of sorting every due row
                     "UPDATE journey_contact SET claimed_until = ?, claim_token = nextval('journey_claim_token') "
                             + "WHERE contact_id = ANY(ARRAY(SELECT contact_id FROM journey_contact "
                             + "WHERE next_due_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) "
                             + "AND parked_reason IS NULL "
                             + "ORDER BY next_due_at LIMIT ? FOR UPDATE SKIP LOCKED)) "
                             // a sub-select in RETURNING sees the rows as they were before this update
                             + "RETURNING contact_id, next_due_at, claim_token, version, state, "
                             + "(SELECT before.claimed_until FROM journey_contact before "
                             + "WHERE before.contact_id = journey_contact.contact_id) IS NOT NULL")) {
            claim.setLong(1, leaseNow + leaseMillis);
            claim.setLong(2, now.toEpochMilli());
            claim.setLong(3, leaseNow);
            claim.setInt(4, limit);
            Map<String, String> invalidIds = new LinkedHashMap<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    String contactId = rows.getString(1);
                    Optional<String> invalid = invalidId(contactId);
                    if (invalid.isPresent()) { // a row saved before ids were checked: no input can reach it
                        invalidIds.put(contactId, invalid.get());
                        continue;
                    }
                    claimed.add(new DueContact(Instant.ofEpochMilli(rows.getLong(2)), contactId, rows.getLong(3),
                            claimedState(contactId, rows.getLong(4), rows.getBytes(5))));
                    if (rows.getBoolean(6)) {
                        takenOver.add(contactId);
                    }
                }
            }
            for (Map.Entry<String, String> invalid : invalidIds.entrySet()) {
                park(connection, invalid.getKey(), invalid.getValue());
            }
        } catch (SQLException failed) {
            throw failure("claim due contacts", failed);
        }
        if (!takenOver.isEmpty()) {
            claimsTakenOver.add(takenOver.size());
            LOG.info("took over {} contacts whose claims ran out before their holders saved or released them",
                    takenOver.size());
            LOG.debug("the contacts taken over: {}", takenOver);
        }
        Collections.sort(claimed);
        return claimed;
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
        return claimsTakenOver.sum();
    }

    /** Returns why a stored contact id breaks {@link IdRules}, if it does. */
    private static Optional<String> invalidId(String contactId) {
        try {
            IdRules.requireContactId(contactId, "contact id");
            return Optional.empty();
        } catch (IllegalArgumentException invalid) {
            return Optional.of(invalid.getMessage());
        }
    }

    /**
     * Decodes the state a claim read; empty if it cannot be read, so that the engine loads the
     * contact, which parks it ({@link #load}).
     */
    private static Optional<ContactState> claimedState(String contactId, long version, byte[] bytes) {
        try {
            ContactState state = ContactStateCodec.decode(contactId, bytes);
            return state.version() == version ? Optional.of(state) : Optional.empty();
        } catch (UnreadableStateException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public void release(DueContact claimed) {
        Objects.requireNonNull(claimed, "claimed");
        try (Connection connection = connect();
             PreparedStatement release = connection.prepareStatement(
                     "UPDATE journey_contact SET claimed_until = NULL, claim_token = NULL "
                             + "WHERE contact_id = ? AND claim_token = ?")) {
            release.setString(1, claimed.contactId());
            release.setLong(2, claimed.claim());
            release.executeUpdate();
        } catch (SQLException failed) {
            throw failure("release contact '" + claimed.contactId() + "'", failed);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Contacts under a live claim do not count: their work is in hand.
     */
    @Override
    public Duration lease() {
        return Duration.ofMillis(leaseMillis);
    }

    @Override
    public Optional<Instant> nextDueAt() {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT min(next_due_at) FROM journey_contact WHERE next_due_at IS NOT NULL "
                             + "AND (claimed_until IS NULL OR claimed_until <= ?) AND parked_reason IS NULL")) {
            select.setLong(1, clock.millis());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long earliest = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(earliest));
            }
        } catch (SQLException failed) {
            throw failure("find the next due time", failed);
        }
    }

    @Override
    public long size() {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM journey_contact")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException failed) {
            throw failure("count the contacts", failed);
        }
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
        List<String> ids = new ArrayList<>();
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT contact_id FROM journey_contact")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException failed) {
            throw failure("list the contacts", failed);
        }
        return ids.stream();
    }

    @Override
    public Optional<EnrolmentProgress> enrolmentProgress(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT occurrence_epoch_second, occurrence_nano, last_contact_id, done, considered, members "
                             + "FROM journey_enrolment_progress WHERE journey_id = ?")) {
            select.setString(1, journeyId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new EnrolmentProgress(journeyId,
                        Instant.ofEpochSecond(row.getLong(1), row.getInt(2)), Optional.ofNullable(row.getString(3)),
                        row.getBoolean(4), row.getLong(5), row.getLong(6)));
            }
        } catch (SQLException failed) {
            throw failure("load the enrolment progress of journey '" + journeyId + "'", failed);
        }
    }

    @Override
    public void saveEnrolmentProgress(EnrolmentProgress progress) {
        Objects.requireNonNull(progress, "progress");
        try (Connection connection = connect();
             PreparedStatement upsert = connection.prepareStatement(
                     "INSERT INTO journey_enrolment_progress (journey_id, occurrence_epoch_second, occurrence_nano, "
                             + "last_contact_id, done, considered, members) VALUES (?, ?, ?, ?, ?, ?, ?) "
                             + "ON CONFLICT (journey_id) DO UPDATE SET "
                             + "occurrence_epoch_second = EXCLUDED.occurrence_epoch_second, "
                             + "occurrence_nano = EXCLUDED.occurrence_nano, last_contact_id = EXCLUDED.last_contact_id, "
                             + "done = EXCLUDED.done, considered = EXCLUDED.considered, members = EXCLUDED.members")) {
            upsert.setString(1, progress.journeyId());
            upsert.setLong(2, progress.occurrence().getEpochSecond());
            upsert.setInt(3, progress.occurrence().getNano());
            upsert.setString(4, progress.lastContactId().orElse(null));
            upsert.setBoolean(5, progress.done());
            upsert.setLong(6, progress.considered());
            upsert.setLong(7, progress.members());
            upsert.executeUpdate();
        } catch (SQLException failed) {
            throw failure("save the enrolment progress of journey '" + progress.journeyId() + "'", failed);
        }
    }

    @Override
    public JourneyDefinitions definitions() {
        return definitions;
    }

    private Connection connect() {
        long waitMillis = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return PostgresSchema.connect(dataSource);
            } catch (PostgresStoreException unreachable) {
                if (attempt >= connectionAttempts) {
                    throw new PostgresStoreException(unreachable.getMessage() + " (after " + attempt + " attempts)",
                            unreachable.getCause());
                }
                LOG.warn("{}; trying again in {} ms (attempt {} of {})", unreachable.getMessage(), waitMillis,
                        attempt + 1, connectionAttempts);
                pause(waitMillis);
                waitMillis = Math.min(waitMillis * 2, Duration.ofMinutes(1).toMillis());
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PostgresStoreException("interrupted while waiting to reconnect", interrupted);
        }
    }

    /** Binds {@link #INSERT} to a contact's first state. */
    private static void bindInsert(PreparedStatement insert, ContactState state, byte[] bytes) throws SQLException {
        insert.setString(1, state.contactId());
        insert.setBytes(2, bytes);
        setDue(insert, 3, state.nextDueAtMillis());
    }

    /** Binds {@link #UPDATE} to a contact's next state. */
    private static void bindUpdate(PreparedStatement update, ContactState state, byte[] bytes) throws SQLException {
        update.setLong(1, state.version());
        update.setBytes(2, bytes);
        setDue(update, 3, state.nextDueAtMillis());
        update.setString(4, state.contactId());
        update.setLong(5, state.version() - 1);
    }

    private static void setDue(PreparedStatement statement, int index, OptionalLong dueMillis) throws SQLException {
        if (dueMillis.isPresent()) {
            statement.setLong(index, dueMillis.getAsLong());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static long storedVersion(Connection connection, String contactId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM journey_contact WHERE contact_id = ?")) {
            select.setString(1, contactId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private PostgresStoreException failure(String what, SQLException cause) {
        return DataSources.failure(dataSource, what, cause);
    }
}
