-- Review in the browser (issue 15): a person's decision on one automatic coding or flow, kept by the
-- span and code it judged (codings are renumbered when a document is recoded). The decisions are
-- also written as a marked sample (validation/review_codings.csv) that `tixi validate score` reads.

CREATE TABLE IF NOT EXISTS review_decisions (
    id INTEGER PRIMARY KEY,
    task TEXT NOT NULL,             -- codes or flows
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    code_id TEXT NOT NULL,          -- the code judged; flow:<type> for a flow
    machine TEXT NOT NULL,          -- the automatic coder (or flow extractor) that made it
    term TEXT,
    correct INTEGER NOT NULL,       -- 1 accepted, 0 rejected
    reviewer TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (task, doc_id, start, end, code_id, machine, reviewer)
);
CREATE INDEX IF NOT EXISTS review_decisions_doc ON review_decisions(doc_id, start);
