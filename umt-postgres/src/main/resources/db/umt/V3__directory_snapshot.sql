-- The directory snapshot of incremental runs (DirectorySnapshot), one per company: the same compact
-- binary form the file store keeps in snapshot.bin (DirectorySnapshot.writeTo), replaced whole.

CREATE TABLE umt_directory_snapshot (
  company  TEXT  NOT NULL PRIMARY KEY,
  snapshot BYTEA NOT NULL,
  saved_at TEXT  NOT NULL
);
