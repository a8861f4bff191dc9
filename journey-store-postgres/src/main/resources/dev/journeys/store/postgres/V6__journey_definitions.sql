-- Schema version 6: the rest of the journey definitions beside the published versions of version 5,
-- so that a pause, stop or draft made on one node survives a restart and is seen by every node.
-- A journey's status row is written with compare-and-set on its revision (1 for the first, one more
-- for each change); a published journey with no row is live. changed_at is on the clock of the
-- engine that changed it. A journey has at most one draft, kept as its JSON document (JourneyJson).
CREATE TABLE journey_status (
    journey_id         text    PRIMARY KEY,
    status             text    NOT NULL,
    reason             text    NOT NULL,
    changed_at_second  bigint  NOT NULL,
    changed_at_nano    integer NOT NULL,
    revision           bigint  NOT NULL
);

CREATE TABLE journey_draft (
    journey_id text    PRIMARY KEY,
    version    integer NOT NULL,
    document   text    NOT NULL
);
