-- Fleet history (docs/history.md). Times are UNIX milliseconds (at_ms, *_ms) or seconds (*_s).
-- An indexer's observed state is one row of the same columns in indexer_event (a change) and in
-- keyframe_indexer (a full copy of the fleet at a keyframe): the state at T is the keyframe at or
-- before T plus the events after its last_seq up to T, the latest per indexer winning.

CREATE TABLE indexer (
    id       INTEGER PRIMARY KEY,
    account  TEXT NOT NULL,
    function TEXT NOT NULL,
    UNIQUE (account, function)
);

CREATE TABLE indexer_event (
    seq              INTEGER PRIMARY KEY,
    at_ms            INTEGER NOT NULL,
    indexer          INTEGER NOT NULL,
    present          INTEGER NOT NULL,   -- 0: the indexer left the fleet (no state, health or progress)
    lifecycle        TEXT,               -- LifecycleState name; null when not in Redis
    raw_lifecycle    TEXT,
    enabled          INTEGER,
    synced_at        INTEGER,            -- block_stream_synced_at (registry version)
    readability      TEXT,               -- READABLE, PARTLY_READABLE, UNREADABLE, MISSING; null when not in Redis
    state_problem    TEXT,
    stream_health    TEXT,               -- null: the block streamer runs no stream for it (or never said)
    stream_updated_s INTEGER,
    executor_health  TEXT,
    last_block       INTEGER,
    queue_depth      INTEGER,
    progress_problem TEXT
);
CREATE INDEX indexer_event_at ON indexer_event (at_ms);
CREATE INDEX indexer_event_indexer ON indexer_event (indexer, at_ms);

CREATE TABLE keyframe (
    id       INTEGER PRIMARY KEY,
    at_ms    INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,           -- the keyframe includes every indexer_event up to this seq
    indexers INTEGER NOT NULL
);
CREATE INDEX keyframe_at ON keyframe (at_ms);

CREATE TABLE keyframe_indexer (
    keyframe         INTEGER NOT NULL,
    indexer          INTEGER NOT NULL,
    lifecycle        TEXT,
    raw_lifecycle    TEXT,
    enabled          INTEGER,
    synced_at        INTEGER,
    readability      TEXT,
    state_problem    TEXT,
    stream_health    TEXT,
    stream_updated_s INTEGER,
    executor_health  TEXT,
    last_block       INTEGER,
    queue_depth      INTEGER,
    progress_problem TEXT,
    PRIMARY KEY (keyframe, indexer)
) WITHOUT ROWID;

CREATE TABLE source_event (
    seq               INTEGER PRIMARY KEY,
    at_ms             INTEGER NOT NULL,
    source            TEXT NOT NULL,     -- COORDINATOR, BLOCK_STREAMER, RUNNER, REDIS
    state             TEXT NOT NULL,     -- ConnectionState name
    since_ms          INTEGER,
    last_confirmed_ms INTEGER,
    next_retry_ms     INTEGER,
    mode              TEXT,
    message           TEXT
);
CREATE INDEX source_event_at ON source_event (source, at_ms);

CREATE TABLE epoch_event (
    seq           INTEGER PRIMARY KEY,
    at_ms         INTEGER NOT NULL,
    namespace     TEXT NOT NULL,
    epoch_id      INTEGER NOT NULL,
    released_at_s INTEGER,
    states        TEXT NOT NULL          -- JSON object: pooler state ID -> number of project updates in it
);
CREATE INDEX epoch_event_epoch ON epoch_event (namespace, epoch_id, at_ms);
CREATE INDEX epoch_event_at ON epoch_event (at_ms);

CREATE TABLE snapshotter_event (
    seq               INTEGER PRIMARY KEY,
    at_ms             INTEGER NOT NULL,
    namespace         TEXT NOT NULL,
    active            INTEGER,
    last_detected_s   INTEGER
);
CREATE INDEX snapshotter_event_at ON snapshotter_event (at_ms);

CREATE TABLE command_event (
    seq      INTEGER PRIMARY KEY,
    at_ms    INTEGER NOT NULL,
    os_user  TEXT NOT NULL,
    profile  TEXT NOT NULL,
    command  TEXT NOT NULL,
    targets  TEXT NOT NULL,              -- full names, one per line
    reason   TEXT NOT NULL,
    outcome  TEXT NOT NULL,              -- AuditOutcome name
    detail   TEXT NOT NULL
);
CREATE INDEX command_event_at ON command_event (at_ms);

CREATE TABLE command_target (
    command INTEGER NOT NULL,
    indexer INTEGER NOT NULL,
    PRIMARY KEY (indexer, command)
) WITHOUT ROWID;

CREATE TABLE gap (
    id      INTEGER PRIMARY KEY,
    from_ms INTEGER NOT NULL,
    to_ms   INTEGER NOT NULL,
    reason  TEXT NOT NULL
);
CREATE INDEX gap_from ON gap (from_ms);

CREATE TABLE recorder_session (
    id             INTEGER PRIMARY KEY,
    started_ms     INTEGER NOT NULL,
    last_commit_ms INTEGER NOT NULL,     -- advanced in the same transaction as every batch
    ended_ms       INTEGER,              -- null while recording, or when the recorder died
    host           TEXT NOT NULL,
    pid            INTEGER NOT NULL,
    dropped        INTEGER NOT NULL DEFAULT 0
);
