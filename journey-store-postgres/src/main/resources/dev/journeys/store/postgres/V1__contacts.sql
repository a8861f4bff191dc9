-- Schema version 1 of the Journey Engine PostgreSQL store: one row per contact, and the progress
-- of each segment journey's enrolment. Applied once by PostgresSchema; never edit a released
-- version, add the next file instead.

-- One row per contact: its whole ContactState, encoded by ContactStateCodec, compared and set on
-- version. next_due_at (epoch milliseconds, NULL when nothing is due) is read from the state on
-- every save; claimed_until (epoch milliseconds, NULL when unclaimed) is the end of the lease of
-- the caller that claimed the contact's due work.
CREATE TABLE journey_contact (
    contact_id    text   PRIMARY KEY,
    version       bigint NOT NULL,
    state         bytea  NOT NULL,
    next_due_at   bigint NULL,
    claimed_until bigint NULL
);

-- Claims walk the due contacts earliest first.
CREATE INDEX journey_contact_due ON journey_contact (next_due_at) WHERE next_due_at IS NOT NULL;

-- One row per segment journey: how far its enrolment has come (EnrolmentProgress). The occurrence
-- is kept as epoch seconds and nanoseconds, so it comes back exactly.
CREATE TABLE journey_enrolment_progress (
    journey_id                  text    PRIMARY KEY,
    occurrence_epoch_second     bigint  NOT NULL,
    occurrence_nano             integer NOT NULL,
    last_contact_id             text    NULL,
    done                        boolean NOT NULL,
    considered                  bigint  NOT NULL,
    members                     bigint  NOT NULL
);
