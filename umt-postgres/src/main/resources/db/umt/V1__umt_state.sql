-- UMT's state on PostgreSQL: what PostgresStateStore and PostgresGlobalOptionsStore keep.
-- One database holds several companies (GoToMyPC accounts); every row carries its company.
-- Instants are ISO-8601 text (Instant.toString), so they come back to the nanosecond as written.

CREATE TABLE umt_ledger (
  company        TEXT    NOT NULL,
  user_id        TEXT    NOT NULL,
  account_key    TEXT    NOT NULL,
  email          TEXT    NOT NULL,
  first_name     TEXT    NULL,
  last_name      TEXT    NULL,
  group_key      TEXT    NULL,
  licensed       BOOLEAN NOT NULL,
  status         TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
  rule_id        TEXT    NULL,
  managed_since  TEXT    NOT NULL,
  pending_action TEXT    NULL,
  pending_since  TEXT    NULL,
  pending_runs   INTEGER NULL,
  CHECK ((pending_action IS NULL) = (pending_since IS NULL) AND (pending_action IS NULL) = (pending_runs IS NULL)),
  PRIMARY KEY (company, user_id)
);

CREATE TABLE umt_token (
  company TEXT NOT NULL,
  name    TEXT NOT NULL,
  token   TEXT NOT NULL,
  PRIMARY KEY (company, name)
);

CREATE TABLE umt_run (
  id          BIGSERIAL PRIMARY KEY,
  company     TEXT NOT NULL,
  plan_id     TEXT NOT NULL,
  status      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE INDEX umt_run_company_id ON umt_run (company, id);

CREATE TABLE umt_run_count (
  run_id BIGINT  NOT NULL REFERENCES umt_run (id) ON DELETE CASCADE,
  kind   TEXT    NOT NULL,
  count  INTEGER NOT NULL,
  PRIMARY KEY (run_id, kind)
);

CREATE TABLE umt_held_plan (
  company     TEXT      NOT NULL,
  plan_id     TEXT      NOT NULL,
  fingerprint TEXT      NOT NULL,
  created_at  TEXT      NOT NULL,
  reason      TEXT      NULL,
  held_order  BIGSERIAL NOT NULL,
  PRIMARY KEY (company, plan_id)
);

CREATE TABLE umt_global_options (
  company    TEXT NOT NULL PRIMARY KEY,
  options    TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
