-- Incidents (docs/incidents.md, docs/history.md): problems that began close together with one likely
-- cause, as the console's or the recorder's incident engine grouped them. An incident is rewritten
-- whole each time it grows or members recover. Times are UNIX milliseconds.
-- origin names the engine that grouped it (host, process and start): ids are unique per origin, and
-- two engines watching one fleet (a recorder and a console) each record the same incident once.

CREATE TABLE incident (
    origin     TEXT NOT NULL,
    id         TEXT NOT NULL,               -- e.g. INC-20261130T120001Z-3
    kind       TEXT NOT NULL,               -- the members' kind: an attention kind, POOLER_FAILURE, SOURCE_DOWN
    kind_label TEXT NOT NULL,
    title      TEXT NOT NULL,               -- the likely cause in plain words
    start_ms   BIGINT NOT NULL,            -- the first member's start
    end_ms     BIGINT,                     -- the last member's recovery (the resolution); null while open
    members    BIGINT NOT NULL,
    active     BIGINT NOT NULL,            -- members not recovered yet
    updated_ms BIGINT NOT NULL,            -- when this row was last written
    PRIMARY KEY (origin, id)
);
CREATE INDEX incident_start ON incident (start_ms);

CREATE TABLE incident_member (
    origin       TEXT NOT NULL,
    incident     TEXT NOT NULL,
    ord          BIGINT NOT NULL,           -- in order of start
    problem_key  TEXT NOT NULL,              -- e.g. indexer:acc.near/fn:STALLED_STREAM
    kind         TEXT NOT NULL,
    kind_label   TEXT NOT NULL,
    subject      TEXT NOT NULL,              -- what had the problem: an indexer, a project ID, a source
    account      TEXT,                       -- the indexer, when the problem is an indexer's
    function     TEXT,
    start_ms     BIGINT NOT NULL,
    end_ms       BIGINT,                    -- when it recovered; null while it lasts
    reason       TEXT NOT NULL,
    block_height BIGINT,                    -- last published block when the problem was seen
    epoch_id     BIGINT,                    -- pooler failures
    state_id     TEXT,
    error        TEXT,
    source       TEXT,                       -- source outages
    population   BIGINT,                    -- subjects that could have had the problem, when known
    PRIMARY KEY (origin, incident, ord)
);

CREATE TABLE incident_evidence (
    origin   TEXT NOT NULL,
    incident TEXT NOT NULL,
    ord      BIGINT NOT NULL,
    line     TEXT NOT NULL,                  -- one fact that made the engine group these problems
    PRIMARY KEY (origin, incident, ord)
);
