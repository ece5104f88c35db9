-- Every project update of an epoch, for the rewound epoch timeline: one row per epoch, replaced as
-- the epoch progresses (at most every 15 s, and when it leaves the pooler's window). A rewind keeps,
-- per state, as many updates as epoch_event counted then, the earliest by their timestamps.
CREATE TABLE epoch_projects (
    namespace     TEXT NOT NULL,
    epoch_id      INTEGER NOT NULL,
    at_ms         INTEGER NOT NULL,      -- when this content was observed
    released_at_s INTEGER,
    updates       BLOB NOT NULL,         -- gzip'd JSON array, one array per update: state, project, status, timestamp, error, snapshot CID, problem
    PRIMARY KEY (namespace, epoch_id)
);
CREATE INDEX epoch_projects_at ON epoch_projects (at_ms);
