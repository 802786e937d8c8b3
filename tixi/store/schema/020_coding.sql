-- Automatic coding runs: what each document was last coded with, so that `tixi code` recodes
-- only documents whose text or codebook (pack version, lexicon content, polarity rules) changed.

CREATE TABLE coding_runs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    coder TEXT NOT NULL,            -- auto:lexicon@<pack version>
    pack TEXT NOT NULL,             -- <name>@<version>
    codebooks TEXT NOT NULL,        -- JSON {file: version} of the codebook files read
    fingerprint TEXT NOT NULL,      -- sha256 over codebook files, polarity rules and pack version
    text_hash TEXT NOT NULL,        -- sha256 of the normalised text coded
    hits INTEGER NOT NULL,
    coded_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, coder)
);
