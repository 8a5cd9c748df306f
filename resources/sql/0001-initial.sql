-- Banshi catalogue, schema version 1.
-- Every table that users edit has an explicit PRIMARY KEY so that the session
-- extension records its changes (undo/redo). Codes are the stable references
-- used by the JSON interchange format.

CREATE TABLE catalogue_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

CREATE TABLE department (
  id      INTEGER PRIMARY KEY,
  code    TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name    TEXT NOT NULL CHECK (length(name) >= 1),
  phone   TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
);

CREATE TABLE item (
  id                    INTEGER PRIMARY KEY,
  code                  TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name                  TEXT NOT NULL CHECK (length(name) >= 1),
  department_id         INTEGER NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
  item_type             TEXT NOT NULL DEFAULT 'licensing' CHECK (item_type IN
                          ('licensing', 'penalty', 'compulsion', 'levy', 'benefit', 'inspection',
                           'confirmation', 'reward', 'adjudication', 'filing', 'other-power',
                           'public-service')),
  service_objects       INTEGER NOT NULL DEFAULT 0 CHECK (service_objects BETWEEN 0 AND 127),
  legal_basis           TEXT NOT NULL DEFAULT '',
  conditions            TEXT NOT NULL DEFAULT '',
  legal_limit           INTEGER CHECK (legal_limit BETWEEN 0 AND 3650),
  legal_limit_unit      TEXT NOT NULL DEFAULT 'working-days'
                          CHECK (legal_limit_unit IN ('working-days', 'calendar-days')),
  committed_limit       INTEGER CHECK (committed_limit BETWEEN 0 AND 3650),
  committed_limit_unit  TEXT NOT NULL DEFAULT 'working-days'
                          CHECK (committed_limit_unit IN ('working-days', 'calendar-days')),
  handling              TEXT NOT NULL DEFAULT 'committed'
                          CHECK (handling IN ('on-the-spot', 'committed')),
  visits                INTEGER CHECK (visits BETWEEN 0 AND 99),
  fees                  TEXT NOT NULL DEFAULT '',
  place                 TEXT NOT NULL DEFAULT '',
  hours                 TEXT NOT NULL DEFAULT '',
  phone                 TEXT NOT NULL DEFAULT '',
  online_url            TEXT NOT NULL DEFAULT '',
  result_name           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_department ON item (department_id, name);
-- Covers the item list and the short-query search (name and code, in order).
CREATE INDEX item_name ON item (name, code);

CREATE TABLE material (
  id        INTEGER PRIMARY KEY,
  item_id   INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL DEFAULT 0,
  name      TEXT NOT NULL CHECK (length(name) >= 1),
  form      TEXT NOT NULL DEFAULT 'original'
              CHECK (form IN ('original', 'copy', 'original-and-copy', 'electronic')),
  copies    INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 0 AND 999),
  source    TEXT NOT NULL DEFAULT 'applicant'
              CHECK (source IN ('applicant', 'government', 'intermediary', 'other')),
  required  INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
  notes     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX material_item ON material (item_id, position);

CREATE TABLE category (
  id        INTEGER PRIMARY KEY,
  code      TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name      TEXT NOT NULL CHECK (length(name) >= 1),
  parent_id INTEGER REFERENCES category (id) ON DELETE RESTRICT CHECK (parent_id IS NOT id),
  position  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX category_parent ON category (parent_id);

CREATE TABLE theme (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name        TEXT NOT NULL CHECK (length(name) >= 1),
  category_id INTEGER NOT NULL REFERENCES category (id) ON DELETE RESTRICT,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX theme_category ON theme (category_id);

CREATE TABLE theme_item (
  theme_id INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
  item_id  INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (theme_id, item_id)
);
CREATE INDEX theme_item_item ON theme_item (item_id);

-- A prerequisite: the item `before_id` must be done before `after_id`.
-- Both ends must be items of the same theme (composite foreign keys), an item
-- is never its own prerequisite and an edge exists at most once.
CREATE TABLE theme_edge (
  theme_id  INTEGER NOT NULL,
  before_id INTEGER NOT NULL,
  after_id  INTEGER NOT NULL,
  PRIMARY KEY (theme_id, before_id, after_id),
  CHECK (before_id <> after_id),
  FOREIGN KEY (theme_id, before_id) REFERENCES theme_item (theme_id, item_id) ON DELETE CASCADE,
  FOREIGN KEY (theme_id, after_id) REFERENCES theme_item (theme_id, item_id) ON DELETE CASCADE
);
CREATE INDEX theme_edge_after ON theme_edge (theme_id, after_id);

-- Text search over items: the trigram tokenizer matches Chinese substrings.
-- The rowid is the item's id. Kept in step by the catalogue after every
-- change, undo and redo (no triggers: files are opened with trusted_schema=OFF).
CREATE VIRTUAL TABLE item_fts USING fts5 (name, code, tokenize = 'trigram');
