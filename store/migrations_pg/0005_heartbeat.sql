-- PostgreSQL twin of migrations/0005_heartbeat.sql.
CREATE TABLE heartbeat (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	beats BIGINT NOT NULL,
	at_ms BIGINT NOT NULL
);
INSERT INTO heartbeat(id, beats, at_ms) VALUES (1, 0, 0);
