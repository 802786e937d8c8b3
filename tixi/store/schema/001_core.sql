-- Core tables: sources, documents, their texts and structural segments, the ingest log,
-- and the codes and codings that every coding stage (automatic or manual) writes.

CREATE TABLE sources (
    hash TEXT PRIMARY KEY,          -- sha256 of the file's bytes
    stored_as TEXT NOT NULL,        -- path below the project folder
    original_path TEXT NOT NULL,    -- path as the user gave it
    format TEXT,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,            -- first 16 hex digits of sha256 of the original text
    source_hash TEXT REFERENCES sources(hash),
    locator TEXT,                   -- record or row inside a multi-document source
    format TEXT NOT NULL,
    system TEXT,
    kind TEXT,
    title TEXT,
    issuer TEXT,
    level TEXT,
    place TEXT,
    date TEXT,
    language TEXT,
    encoding TEXT,
    chars INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}', -- JSON object of other metadata
    warnings TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL
);
CREATE INDEX documents_system ON documents(system);

CREATE TABLE texts (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    original TEXT NOT NULL,
    normalized TEXT NOT NULL,
    offset_map TEXT NOT NULL,       -- JSON of tixi.text.normalize.OffsetMap
    pages TEXT,                     -- JSON list of page start offsets in the original
    normalizer TEXT NOT NULL
);

CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    label TEXT,
    number INTEGER,
    parent_id INTEGER,
    meta TEXT
);
CREATE INDEX segments_doc_kind ON segments(doc_id, kind, start);

CREATE TABLE ingest_log (
    id INTEGER PRIMARY KEY,
    run_at TEXT NOT NULL,
    path TEXT NOT NULL,
    locator TEXT,
    status TEXT NOT NULL,           -- added, duplicate, skipped, warning
    doc_id TEXT,
    reason TEXT
);

CREATE TABLE codes (
    id TEXT PRIMARY KEY,            -- stable key, e.g. behaviour.jaywalking
    parent_id TEXT,
    label_zh TEXT,
    label_en TEXT,
    category TEXT,
    definition TEXT,
    origin TEXT NOT NULL,           -- pack:<name>@<version>, user, or import:<file>
    color TEXT,
    meta TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    code_id TEXT NOT NULL REFERENCES codes(id),
    coder TEXT NOT NULL,            -- a person's name, or auto:<rule>@<pack version>
    term TEXT,                      -- the matched lexicon term, for automatic codings
    polarity TEXT,                  -- prohibited, promoted, or NULL
    memo TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (doc_id, start, end, code_id, coder)
);
CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_doc ON codings(doc_id, start);

CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    target_type TEXT NOT NULL,      -- project, code, document, case, coding
    target_id TEXT,
    author TEXT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
