package dev.journeys.store.postgres;

import dev.journeys.core.ContactState;
import dev.journeys.core.IdRules;
import dev.journeys.core.persistence.ContactStateCodec;
import dev.journeys.core.persistence.UnreadableStateException;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.DueWorkClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.atomic.LongAdder;

/**
 * The due-work claims of {@link PostgresJourneyStore}: the earliest due contacts claimed for a
 * lease on the store's clock, fenced by a claim token, released, and the next due time; the
 * claims that took over a lease that ran out are counted and logged.
 *
 * <p>Thread-safe.
 */
final class PostgresDueClaims implements DueWorkClaims {

    /** Logged under the store's name, the one the user guide tells operators to configure. */
    private static final Logger LOG = LoggerFactory.getLogger(PostgresJourneyStore.class);

    private final PostgresConnections connections;
    private final InstantSource clock;
    private final long leaseMillis;
    private final LongAdder claimsTakenOver = new LongAdder();

    PostgresDueClaims(PostgresConnections connections, InstantSource clock, long leaseMillis) {
        this.connections = connections;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        long leaseNow = clock.millis();
        List<DueContact> claimed = new ArrayList<>();
        List<String> takenOver = new ArrayList<>();
        try (Connection connection = connections.connect();
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
                PostgresContactStates.park(connection, invalid.getKey(), invalid.getValue());
            }
        } catch (SQLException failed) {
            throw connections.failure("claim due contacts", failed);
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
     * contact, which parks it ({@link PostgresContactStates#load}).
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
        try (Connection connection = connections.connect();
             PreparedStatement release = connection.prepareStatement(
                     "UPDATE journey_contact SET claimed_until = NULL, claim_token = NULL "
                             + "WHERE contact_id = ? AND claim_token = ?")) {
            release.setString(1, claimed.contactId());
            release.setLong(2, claimed.claim());
            release.executeUpdate();
        } catch (SQLException failed) {
            throw connections.failure("release contact '" + claimed.contactId() + "'", failed);
        }
    }

    @Override
    public Duration lease() {
        return Duration.ofMillis(leaseMillis);
    }

    @Override
    public Optional<Instant> nextDueAt() {
        try (Connection connection = connections.connect();
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
            throw connections.failure("find the next due time", failed);
        }
    }

    /** Returns how many contacts were claimed while an earlier claim on them had run out. */
    long claimsTakenOver() {
        return claimsTakenOver.sum();
    }
}
