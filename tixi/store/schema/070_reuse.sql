-- Text reuse (issue 16): passages shared by two documents, the earlier one the source, with exact
-- character offsets into both normalised texts; and the run that found them (settings, documents).

CREATE TABLE reuse_passages (
    passage INTEGER PRIMARY KEY,     -- numbered from 1 in (source, offsets) order
    source_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source_start INTEGER NOT NULL,
    source_end INTEGER NOT NULL,
    target_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target_start INTEGER NOT NULL,
    target_end INTEGER NOT NULL,
    source_length INTEGER NOT NULL,
    target_length INTEGER NOT NULL,
    matched INTEGER NOT NULL,        -- characters in exact runs shared by both spans
    identity REAL NOT NULL,          -- 2 * matched / (source_length + target_length)
    directed INTEGER NOT NULL,       -- 1 when the source's date is earlier; 0 when dates tie or are missing
    boilerplate TEXT NOT NULL,       -- '' or the pack's kind (purpose, effective, …)
    family INTEGER NOT NULL,         -- template family of the documents (0 for boilerplate)
    cluster INTEGER NOT NULL         -- passages whose spans overlap in some document share a cluster
);
CREATE INDEX reuse_passages_source ON reuse_passages(source_doc, source_start);
CREATE INDEX reuse_passages_target ON reuse_passages(target_doc, target_start);

CREATE TABLE reuse_runs (
    id INTEGER PRIMARY KEY CHECK (id = 1),   -- the latest run; a new run replaces it with its passages
    run_at TEXT NOT NULL,
    documents TEXT NOT NULL,         -- sha256 of the sorted document ids the run read
    settings TEXT NOT NULL,          -- JSON of tixi.reuse.settings.ReuseSettings
    rules TEXT NOT NULL,             -- the boilerplate rules' pack label and version
    candidates TEXT NOT NULL,        -- JSON: pairs aligned, from windows, from documents, frequent keys skipped
    seconds REAL NOT NULL
);
