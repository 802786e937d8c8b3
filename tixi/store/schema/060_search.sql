-- Full-text search (issue 15): every normalised text in an FTS5 index with the trigram tokenizer,
-- which finds any substring of three characters or more (Chinese has no spaces to split words at).
-- search_docs numbers the documents for the index (its rowids); triggers keep both current when a
-- text is added, replaced or removed (removing a document removes its text by ON DELETE CASCADE,
-- which fires the delete trigger). Written to run again safely over what an older run left.

CREATE TABLE IF NOT EXISTS search_docs (
    id INTEGER PRIMARY KEY,         -- the rowid of the document's text in text_search
    doc_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE IF NOT EXISTS text_search USING fts5(body, tokenize = 'trigram');

INSERT OR IGNORE INTO search_docs (doc_id) SELECT doc_id FROM texts ORDER BY doc_id;

INSERT INTO text_search (rowid, body) SELECT s.id, t.normalized FROM search_docs s JOIN texts t ON t.doc_id = s.doc_id
    WHERE s.id NOT IN (SELECT rowid FROM text_search);

CREATE TRIGGER IF NOT EXISTS text_search_insert AFTER INSERT ON texts BEGIN
    INSERT OR IGNORE INTO search_docs (doc_id) VALUES (new.doc_id);
    INSERT INTO text_search (rowid, body) VALUES ((SELECT id FROM search_docs WHERE doc_id = new.doc_id), new.normalized);
END;

CREATE TRIGGER IF NOT EXISTS text_search_delete AFTER DELETE ON texts BEGIN
    DELETE FROM text_search WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = old.doc_id);
    DELETE FROM search_docs WHERE doc_id = old.doc_id;
END;

CREATE TRIGGER IF NOT EXISTS text_search_update AFTER UPDATE OF normalized ON texts BEGIN
    DELETE FROM text_search WHERE rowid = (SELECT id FROM search_docs WHERE doc_id = old.doc_id);
    INSERT INTO text_search (rowid, body) VALUES ((SELECT id FROM search_docs WHERE doc_id = new.doc_id), new.normalized);
END;
