-- One row that start-up and /healthz rewrite, proving that the database
-- file accepts a committed write (a temporary table only touches memory).
CREATE TABLE heartbeat (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	beats INTEGER NOT NULL,
	at_ms INTEGER NOT NULL
) STRICT;
INSERT INTO heartbeat(id, beats, at_ms) VALUES (1, 0, 0);
