package dev.journeys.store.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The virtual clock of {@link CrashTest}, shared by separate JVMs: the instant is a row of
 * {@code crash_clock} that the test moves, read again by a daemon thread every few milliseconds.
 * A process that is stopped (SIGSTOP) and continued sees the time it missed at its next read.
 */
final class DatabaseClock implements InstantSource, AutoCloseable {

    private final DataSource dataSource;
    private final Thread reader;
    private volatile long nowMillis;
    private volatile boolean closed;

    private DatabaseClock(DataSource dataSource, Duration every) throws SQLException {
        this.dataSource = dataSource;
        this.nowMillis = read();
        this.reader = new Thread(() -> readEvery(every), "database-clock");
        reader.setDaemon(true);
        reader.start();
    }

    /** Reads the clock once, then keeps reading it every {@code every}. */
    static DatabaseClock start(DataSource dataSource, Duration every) throws SQLException {
        return new DatabaseClock(dataSource, every);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis);
    }

    @Override
    public long millis() {
        return nowMillis;
    }

    private void readEvery(Duration every) {
        while (!closed) {
            try {
                Thread.sleep(every.toMillis());
                nowMillis = read();
            } catch (InterruptedException stop) {
                return;
            } catch (SQLException failed) {
                // keep the last instant read; the next read may succeed
            }
        }
    }

    private long read() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT now_millis FROM crash_clock WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
