-- Banshi catalogue, schema version 5: the item and material tables again,
-- with the same columns, rows and rules, their lists of allowed values
-- written as comparisons joined by OR.
--
-- SQLite tests CHECK (x IN ('a', 'b', 'c')) of three values or more
-- through a small index it builds for every row written: a quarter of the
-- time an import of 20,000 items and 60,000 materials spent writing. The
-- comparisons allow exactly the same values at no such cost.
--
-- Rebuilt the way SQLite documents for changes ALTER TABLE cannot make
-- (https://sqlite.org/lang_altertable.html#otheralter): the catalogue runs
-- this with foreign keys off and checks them before it commits; ids stay,
-- so every reference to an item or a material stays.

CREATE TABLE item_v5 (
  id                    INTEGER PRIMARY KEY,
  code                  TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name                  TEXT NOT NULL CHECK (length(name) >= 1),
  department_id         INTEGER NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
  item_type             TEXT NOT NULL DEFAULT 'licensing'
                          CHECK (item_type = 'licensing' OR item_type = 'penalty' OR
                                 item_type = 'compulsion' OR item_type = 'levy' OR
                                 item_type = 'benefit' OR item_type = 'inspection' OR
                                 item_type = 'confirmation' OR item_type = 'reward' OR
                                 item_type = 'adjudication' OR item_type = 'filing' OR
                                 item_type = 'other-power' OR item_type = 'public-service'),
  service_objects       INTEGER NOT NULL DEFAULT 0 CHECK (service_objects BETWEEN 0 AND 127),
  legal_basis           TEXT NOT NULL DEFAULT '',
  conditions            TEXT NOT NULL DEFAULT '',
  legal_limit           INTEGER CHECK (legal_limit BETWEEN 0 AND 3650),
  legal_limit_unit      TEXT NOT NULL DEFAULT 'working-days'
                          CHECK (legal_limit_unit = 'working-days' OR
                                 legal_limit_unit = 'calendar-days'),
  committed_limit       INTEGER CHECK (committed_limit BETWEEN 0 AND 3650),
  committed_limit_unit  TEXT NOT NULL DEFAULT 'working-days'
                          CHECK (committed_limit_unit = 'working-days' OR
                                 committed_limit_unit = 'calendar-days'),
  handling              TEXT NOT NULL DEFAULT 'committed'
                          CHECK (handling = 'on-the-spot' OR handling = 'committed'),
  visits                INTEGER CHECK (visits BETWEEN 0 AND 99),
  fees                  TEXT NOT NULL DEFAULT '',
  place                 TEXT NOT NULL DEFAULT '',
  hours                 TEXT NOT NULL DEFAULT '',
  phone                 TEXT NOT NULL DEFAULT '',
  online_url            TEXT NOT NULL DEFAULT '',
  result_name           TEXT NOT NULL DEFAULT ''
);
INSERT INTO item_v5 SELECT * FROM item;
DROP TABLE item;
ALTER TABLE item_v5 RENAME TO item;
CREATE INDEX item_department ON item (department_id, name);
-- Covers the item list and the short-query search (name and code, in order).
CREATE INDEX item_name ON item (name, code);

CREATE TABLE material_v5 (
  id        INTEGER PRIMARY KEY,
  item_id   INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL DEFAULT 0,
  name      TEXT NOT NULL CHECK (length(name) >= 1),
  form      TEXT NOT NULL DEFAULT 'original'
              CHECK (form = 'original' OR form = 'copy' OR form = 'original-and-copy' OR
                     form = 'electronic'),
  copies    INTEGER NOT NULL DEFAULT 1 CHECK (copies BETWEEN 0 AND 999),
  source    TEXT NOT NULL DEFAULT 'applicant'
              CHECK (source = 'applicant' OR source = 'government' OR
                     source = 'intermediary' OR source = 'other'),
  required  INTEGER NOT NULL DEFAULT 1 CHECK (required = 0 OR required = 1),
  notes     TEXT NOT NULL DEFAULT '',
  form_url  TEXT NOT NULL DEFAULT '',
  sample_url TEXT NOT NULL DEFAULT ''
);
INSERT INTO material_v5 SELECT * FROM material;
DROP TABLE material;
ALTER TABLE material_v5 RENAME TO material;
CREATE INDEX material_item ON material (item_id, position);
