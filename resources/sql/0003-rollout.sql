-- Banshi catalogue, schema version 3: the rollout (the paper's 制度保障).
-- Phases in order (先易后难), per-department tasks with a deadline and a
-- responsible person, reward and accountability decisions, and the audit
-- trail of every change to them.
--
-- Dates are ISO 8601 text, "YYYY-MM-DD", of a day that exists: a date goes
-- through julianday() and back unchanged (date() alone keeps 2026-02-30).
-- Phases, tasks and decisions have codes, the stable references of the
-- JSON format and of the audit trail; a code never changes.

CREATE TABLE phase (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  name       TEXT NOT NULL CHECK (length(name) >= 1),
  position   INTEGER NOT NULL DEFAULT 0,
  start_date TEXT CHECK (start_date IS NULL OR
                         (date(julianday(start_date)) IS start_date AND start_date >= '0001-01-01')),
  end_date   TEXT CHECK (end_date IS NULL OR
                         (date(julianday(end_date)) IS end_date AND end_date >= '0001-01-01')),
  CHECK (end_date >= start_date)
);

-- A department's part of the rollout. Its department must not go while it
-- has tasks; a deleted theme leaves the task without one, a deleted item
-- leaves its list. Only an accepted task has a completion date, and it must
-- have one.
CREATE TABLE task (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  phase_id       INTEGER NOT NULL REFERENCES phase (id) ON DELETE RESTRICT,
  department_id  INTEGER NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
  theme_id       INTEGER REFERENCES theme (id) ON DELETE SET NULL,
  deliverable    TEXT NOT NULL CHECK (length(deliverable) >= 1),
  responsible    TEXT NOT NULL DEFAULT '',
  start_date     TEXT CHECK (start_date IS NULL OR
                             (date(julianday(start_date)) IS start_date AND start_date >= '0001-01-01')),
  due_date       TEXT NOT NULL CHECK (date(julianday(due_date)) IS due_date AND due_date >= '0001-01-01'),
  status         TEXT NOT NULL DEFAULT 'not-started'
                   CHECK (status IN ('not-started', 'in-progress', 'submitted', 'accepted')),
  completed_date TEXT CHECK (completed_date IS NULL OR
                             (date(julianday(completed_date)) IS completed_date AND
                              completed_date >= '0001-01-01')),
  notes          TEXT NOT NULL DEFAULT '',
  CHECK (due_date >= start_date),
  CHECK ((status = 'accepted') = (completed_date IS NOT NULL))
);
CREATE INDEX task_phase ON task (phase_id, due_date);
CREATE INDEX task_department ON task (department_id);
CREATE INDEX task_theme ON task (theme_id);

-- The items a task covers (besides or instead of a theme).
CREATE TABLE task_item (
  task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES item (id) ON DELETE CASCADE,
  PRIMARY KEY (task_id, item_id)
);
CREATE INDEX task_item_item ON task_item (item_id);

-- A reward or an accountability decision about a task, given to a
-- department (the task's when it was decided).
CREATE TABLE decision (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 128),
  task_id       INTEGER NOT NULL REFERENCES task (id) ON DELETE RESTRICT,
  department_id INTEGER NOT NULL REFERENCES department (id) ON DELETE RESTRICT,
  kind          TEXT NOT NULL
                  CHECK (kind IN ('reward', 'commendation', 'reminder', 'warning', 'accountability')),
  decided_on    TEXT NOT NULL CHECK (date(julianday(decided_on)) IS decided_on AND
                                     decided_on >= '0001-01-01'),
  decided_by    TEXT NOT NULL CHECK (length(decided_by) >= 1),
  reason        TEXT NOT NULL CHECK (length(reason) >= 1)
);
CREATE INDEX decision_task ON decision (task_id);
CREATE INDEX decision_department ON decision (department_id, decided_on);

-- The audit trail: one record per changed field of a phase, task (its items
-- included) or decision, appended in the transaction of the change and
-- never undone (undo appends records of its own). Each record's hash is the
-- SHA-256 of the previous record's hash and of the record itself, so an
-- edit, a deletion or a reordering shows (data/catalogue-format.md). These
-- two tables are outside the undo history.
CREATE TABLE audit (
  seq        INTEGER PRIMARY KEY,
  time       TEXT NOT NULL,
  user_name  TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  field      TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_key, seq);

-- The last record written, so that records deleted from the end show too.
CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
