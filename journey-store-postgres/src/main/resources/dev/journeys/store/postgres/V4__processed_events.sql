-- Schema version 4: the ids of the events applied to each contact, for de-duplication across the
-- engines sharing the database and across restarts. A save that applies an event inserts its row
-- in the same transaction as the contact's state; a second save with the same (contact, event id)
-- finds the row and is refused. processed_at (epoch milliseconds, on the clock of the engine that
-- applied the event) is what the engines' purge, a bounded batch at a time, compares with the
-- start of their duplicate window. Event ids are unique per contact, not across contacts.
CREATE TABLE journey_processed_event (
    contact_id   text   NOT NULL,
    event_id     text   NOT NULL,
    processed_at bigint NOT NULL,
    PRIMARY KEY (contact_id, event_id)
);

-- The purge walks the oldest rows first.
CREATE INDEX journey_processed_event_age ON journey_processed_event (processed_at);
