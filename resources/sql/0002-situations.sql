-- Banshi catalogue, schema version 2: personalised content (the paper's
-- layer 4). Situation questions (情形) with their options, reusable across
-- themes; the questions each theme asks, in order; notes of a theme; links
-- from a material to a blank form and a sample; and conditions.
--
-- A condition is an OR of AND-groups of chosen options, stored as rows:
-- (owner, group, option). An owner without rows always applies. Options
-- used by a condition cannot be deleted (ON DELETE RESTRICT), so deleting an
-- option never widens a condition silently.

ALTER TABLE material ADD COLUMN form_url TEXT NOT NULL DEFAULT '';
ALTER TABLE material ADD COLUMN sample_url TEXT NOT NULL DEFAULT '';

-- Codes may not hold "=": conditions are written "question=option".
CREATE TABLE question (
  id     INTEGER PRIMARY KEY,
  code   TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128 AND instr(code, '=') = 0),
  prompt TEXT NOT NULL CHECK (length(prompt) >= 1),
  help   TEXT NOT NULL DEFAULT '',
  kind   TEXT NOT NULL DEFAULT 'single' CHECK (kind IN ('single', 'multiple'))
);

CREATE TABLE question_option (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES question (id) ON DELETE CASCADE,
  code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 128 AND instr(code, '=') = 0),
  label       TEXT NOT NULL CHECK (length(label) >= 1),
  position    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (question_id, code)
);

-- The questions a theme asks, in order. A question in use by a theme cannot
-- be deleted.
CREATE TABLE theme_question (
  theme_id    INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES question (id) ON DELETE RESTRICT,
  position    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (theme_id, question_id)
);
CREATE INDEX theme_question_question ON theme_question (question_id);

-- Notes a theme shows the applicant: about the whole theme (item_id NULL) or
-- about one of its items.
CREATE TABLE theme_note (
  id       INTEGER PRIMARY KEY,
  theme_id INTEGER NOT NULL REFERENCES theme (id) ON DELETE CASCADE,
  item_id  INTEGER,
  position INTEGER NOT NULL DEFAULT 0,
  text     TEXT NOT NULL CHECK (length(text) >= 1),
  FOREIGN KEY (theme_id, item_id) REFERENCES theme_item (theme_id, item_id) ON DELETE CASCADE
);
CREATE INDEX theme_note_theme ON theme_note (theme_id, position);

-- Conditions, one table per owner so that deleting the owner deletes them.
-- A follow-up question: asked only when its condition holds.
CREATE TABLE theme_question_when (
  theme_id    INTEGER NOT NULL,
  question_id INTEGER NOT NULL,
  grp         INTEGER NOT NULL CHECK (grp >= 0),
  option_id   INTEGER NOT NULL REFERENCES question_option (id) ON DELETE RESTRICT,
  PRIMARY KEY (theme_id, question_id, grp, option_id),
  FOREIGN KEY (theme_id, question_id) REFERENCES theme_question (theme_id, question_id) ON DELETE CASCADE
);
CREATE INDEX theme_question_when_option ON theme_question_when (option_id);

-- An item of a theme applies only when its condition holds.
CREATE TABLE theme_item_when (
  theme_id  INTEGER NOT NULL,
  item_id   INTEGER NOT NULL,
  grp       INTEGER NOT NULL CHECK (grp >= 0),
  option_id INTEGER NOT NULL REFERENCES question_option (id) ON DELETE RESTRICT,
  PRIMARY KEY (theme_id, item_id, grp, option_id),
  FOREIGN KEY (theme_id, item_id) REFERENCES theme_item (theme_id, item_id) ON DELETE CASCADE
);
CREATE INDEX theme_item_when_option ON theme_item_when (option_id);

-- A material is asked for only when its condition holds (in every theme).
CREATE TABLE material_when (
  material_id INTEGER NOT NULL REFERENCES material (id) ON DELETE CASCADE,
  grp         INTEGER NOT NULL CHECK (grp >= 0),
  option_id   INTEGER NOT NULL REFERENCES question_option (id) ON DELETE RESTRICT,
  PRIMARY KEY (material_id, grp, option_id)
);
CREATE INDEX material_when_option ON material_when (option_id);

CREATE TABLE theme_note_when (
  note_id   INTEGER NOT NULL REFERENCES theme_note (id) ON DELETE CASCADE,
  grp       INTEGER NOT NULL CHECK (grp >= 0),
  option_id INTEGER NOT NULL REFERENCES question_option (id) ON DELETE RESTRICT,
  PRIMARY KEY (note_id, grp, option_id)
);
CREATE INDEX theme_note_when_option ON theme_note_when (option_id);
