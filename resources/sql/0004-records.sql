-- Banshi catalogue, schema version 4: handling records (办件), what the
-- service centre handled, for the demand analysis (bs-demand.h) and the
-- coverage of the catalogue (bs-coverage.h).
--
-- Millions of rows, so stored compactly: the day as a number (days since
-- 1970-01-01), the channel as a reference to a short list, and the
-- applicant as the first 64 bits of SHA-256 (salt ‖ key), never the key
-- itself. The salt is catalogue_meta's "record_salt", made at the first
-- import and never exported: the same person has the same number within
-- one catalogue and an unrelated one in another.
--
-- Records are data, not edits: they are outside the undo history (imports
-- are one transaction of their own), so deleting an item deletes its
-- records for good.

CREATE TABLE channel (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128)
);

CREATE TABLE record (
  id            INTEGER PRIMARY KEY,
  day           INTEGER NOT NULL CHECK (day BETWEEN -719162 AND 2932896),
  item_id       INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  applicant     INTEGER NOT NULL,
  channel_id    INTEGER REFERENCES channel (id) ON DELETE SET NULL,
  department_id INTEGER REFERENCES department (id) ON DELETE SET NULL
);
-- An item's volume and monthly trend, and deleting an item's records.
CREATE INDEX record_item ON record (item_id, day);
-- The co-occurrence analysis reads every applicant's records in order of
-- day from this index alone.
CREATE INDEX record_applicant ON record (applicant, day, item_id);
