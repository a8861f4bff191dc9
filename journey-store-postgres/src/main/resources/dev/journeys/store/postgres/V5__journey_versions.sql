-- Schema version 5: the published journey versions, each as its JSON document (JourneyJson, format
-- journey-engine/1), so every node sharing the database, and a node that starts later, runs the
-- same definitions, the older versions that contacts are still on included. A version once
-- recorded is frozen: the store refuses another document under the same version.
CREATE TABLE journey_version (
    journey_id   text    NOT NULL,
    version      integer NOT NULL,
    document     text    NOT NULL,
    published_at bigint  NOT NULL,
    PRIMARY KEY (journey_id, version)
);
