-- Indicator frameworks (issue 3): one row per imported framework, one per indicator of its tree.

CREATE TABLE frameworks (
    name TEXT PRIMARY KEY,          -- as given at import (a second part of an outline: NAME-2 …)
    system TEXT NOT NULL,           -- NCCA, SCSP, both, other
    title TEXT,
    parser TEXT NOT NULL,           -- outline, table, scoring, yaml
    source TEXT,                    -- the file imported
    doc_id TEXT,                    -- the project document with the same text, if any (spans refer to it)
    pack TEXT,                      -- pack label whose vocabulary read it
    warnings TEXT NOT NULL DEFAULT '[]',
    meta TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    framework TEXT NOT NULL REFERENCES frameworks(name) ON DELETE CASCADE,
    key TEXT NOT NULL,              -- path of codes from the top: Ⅰ-6/Ⅱ-18/Ⅲ-34
    parent_key TEXT,
    position INTEGER NOT NULL,      -- document order
    code TEXT NOT NULL,             -- as printed ('' when the manual prints none)
    number INTEGER,
    level INTEGER NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    standards TEXT NOT NULL DEFAULT '[]',  -- JSON list of 测评标准
    checks TEXT NOT NULL DEFAULT '[]',     -- JSON list of {method, text, refs, label, materials, notes}
    methods TEXT NOT NULL DEFAULT '[]',    -- JSON list, derived from checks
    points REAL,
    notes TEXT NOT NULL DEFAULT '[]',
    doc_id TEXT,
    start INTEGER,
    end INTEGER,
    line INTEGER,
    meta TEXT NOT NULL DEFAULT '{}',
    UNIQUE (framework, key)
);
CREATE INDEX indicators_framework ON indicators(framework, position);
