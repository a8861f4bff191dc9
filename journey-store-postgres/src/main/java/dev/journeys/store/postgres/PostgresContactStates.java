package dev.journeys.store.postgres;

import dev.journeys.core.ContactState;
import dev.journeys.core.IdRules;
import dev.journeys.core.persistence.ContactStateCodec;
import dev.journeys.core.persistence.UnreadableStateException;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.ContactListing;
import dev.journeys.core.spi.ContactStates;
import dev.journeys.core.spi.DuplicateEventException;
import dev.journeys.core.spi.ProcessedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The contact-state rows of {@link PostgresJourneyStore} in {@code journey_contact}: each state
 * loaded, or parked when it cannot be read, and saved compare-and-set on its version, alone, with
 * the event it applied, or a page at a time; and the contacts listed and counted.
 *
 * <p>Thread-safe.
 */
final class PostgresContactStates implements ContactStates, ContactListing {

    /** Logged under the store's name, the one the user guide tells operators to configure. */
    private static final Logger LOG = LoggerFactory.getLogger(PostgresJourneyStore.class);

    /** Saves a contact's first state (version 1), unless it has one: compare-and-set on absence. */
    private static final String INSERT = "INSERT INTO journey_contact (contact_id, version, state, next_due_at, "
            + "claimed_until) VALUES (?, 1, ?, ?, NULL) ON CONFLICT (contact_id) DO NOTHING";
    /** Saves a contact's next state over the one before it, and clears its claim: compare-and-set on version. */
    private static final String UPDATE = "UPDATE journey_contact SET version = ?, state = ?, next_due_at = ?, "
            + "claimed_until = NULL, claim_token = NULL WHERE contact_id = ? AND version = ?";

    private final PostgresConnections connections;

    PostgresContactStates(PostgresConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        IdRules.requireContactId(contactId, "contactId");
        try (Connection connection = connections.connect();
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
            throw connections.failure("load the state of contact '" + contactId + "'", failed);
        }
    }

    /** Parks a contact whose state cannot be read: it is never claimed again until repaired. */
    static void park(Connection connection, String contactId, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE journey_contact SET parked_reason = ?, claimed_until = NULL, claim_token = NULL WHERE contact_id = ?")) {
            update.setString(1, reason);
            update.setString(2, contactId);
            update.executeUpdate();
        }
        LOG.error("parked contact '{}': {}", contactId, reason);
    }

    /** Returns the parked contacts, each with the reason, by contact id. */
    java.util.SortedMap<String, String> parkedContacts() {
        java.util.SortedMap<String, String> parked = new java.util.TreeMap<>();
        try (Connection connection = connections.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT contact_id, parked_reason FROM journey_contact WHERE parked_reason IS NOT NULL");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                parked.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException failed) {
            throw connections.failure("list the parked contacts", failed);
        }
        return parked;
    }

    @Override
    public void save(ContactState state) {
        Objects.requireNonNull(state, "state");
        String id = state.contactId();
        try (Connection connection = connections.connect()) {
            if (writeState(connection, state) == 0) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion(connection, id));
            }
        } catch (SQLException failed) {
            throw connections.failure("save version " + state.version() + " of contact '" + id + "'", failed);
        }
    }

    @Override
    public void save(ContactState state, ProcessedEvent event) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        String id = state.contactId();
        try (Connection connection = connections.connect()) {
            PostgresConnections.inTransaction(connection, () -> {
                if (!PostgresProcessedEvents.recordProcessed(connection, id, event)) {
                    throw new DuplicateEventException(id, event.eventId());
                }
                if (writeState(connection, state) == 0) {
                    throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion(connection, id));
                }
            });
        } catch (SQLException failed) {
            throw connections.failure("save version " + state.version() + " of contact '" + id + "' applying event '"
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

    @Override
    public List<ContactState> saveAll(List<ContactState> states) {
        Objects.requireNonNull(states, "states");
        if (states.size() <= 1) {
            return ContactStates.super.saveAll(states);
        }
        List<ContactState> sorted = new ArrayList<>(states);
        sorted.sort(java.util.Comparator.comparing(ContactState::contactId));
        List<ContactState> inserted = new ArrayList<>(0);
        List<ContactState> updated = new ArrayList<>(sorted.size());
        for (ContactState state : sorted) {
            (state.version() == 1 ? inserted : updated).add(state);
        }
        List<ContactState> conflicts = new ArrayList<>(0);
        try (Connection connection = connections.connect()) {
            PostgresConnections.inTransaction(connection, () -> {
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
            throw connections.failure("save " + states.size() + " contacts' states", failed);
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

    @Override
    public long size() {
        try (Connection connection = connections.connect();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM journey_contact")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException failed) {
            throw connections.failure("count the contacts", failed);
        }
    }

    @Override
    public Stream<String> contactIds() {
        List<String> ids = new ArrayList<>();
        try (Connection connection = connections.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT contact_id FROM journey_contact")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException failed) {
            throw connections.failure("list the contacts", failed);
        }
        return ids.stream();
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
}
