-- Interviews and qualitative coding: cases (interviewees or places) with attributes, their links
-- to documents, and the coders who code by hand.

CREATE TABLE cases (
    id TEXT PRIMARY KEY,            -- as given in cases.csv (e.g. HZ-01) or by an imported project
    origin TEXT NOT NULL,           -- file the case came from (cases.csv, import:<file>) or user
    created_at TEXT NOT NULL
);

CREATE TABLE case_attributes (
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,             -- city, province, age_group, gender, … any column of cases.csv
    value TEXT,
    PRIMARY KEY (case_id, name)
);
CREATE INDEX case_attributes_name ON case_attributes(name, value);

-- Explicit links (tixi cases link); documents whose manifest metadata names a case ("case"
-- column) are linked as well, at query time.
CREATE TABLE case_links (
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (case_id, doc_id)
);
CREATE INDEX case_links_doc ON case_links(doc_id);

-- People who code by hand; registered at their first coding, so that a misspelt name given to
-- `tixi agreement` or `tixi coding list` is an error, not an empty result.
CREATE TABLE coders (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
