-- PostgreSQL twin of migrations/0013_send_slots.sql.
CREATE TABLE send_slots (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	next_us BIGINT NOT NULL
);
INSERT INTO send_slots(id, next_us) VALUES (1, 0);
