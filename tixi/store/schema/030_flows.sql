-- Data flows between systems (issue 5): one row per flow statement, and per document the text hash
-- and extractor (pack flows version) it was read with, so reruns only redo changed documents.

CREATE TABLE flows (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unit TEXT NOT NULL,              -- article label (第三十三条) or paragraph label
    start INTEGER NOT NULL,          -- the clause stating the flow, in the normalised text
    end INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    data TEXT NOT NULL,
    behaviour TEXT NOT NULL,         -- comma-separated behaviour code ids ('' when none)
    modality TEXT NOT NULL,          -- collect, share, record, list, reward, punish, repair, check
    direction TEXT NOT NULL,         -- civility → credit, credit → civility, within credit, within civility
    rule TEXT NOT NULL,
    confidence REAL NOT NULL,
    by_reference INTEGER NOT NULL,   -- 1 when stated by reference (依照有关规定纳入)
    extractor TEXT NOT NULL          -- <pack>@<version>/flows@<version>[+codes]
);
CREATE INDEX flows_doc ON flows(doc_id, start);

CREATE TABLE flow_runs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text_hash TEXT NOT NULL,
    extractor TEXT NOT NULL,
    flows INTEGER NOT NULL,
    run_at TEXT NOT NULL
);
