-- Discord's global limit (50 requests a second per bot token) is shared by
-- every process serving the bot: the next free send slot, in microseconds
-- since the epoch, is booked from this one row (see DB.BookSlots).
CREATE TABLE send_slots (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	next_us INTEGER NOT NULL
) STRICT;
INSERT INTO send_slots(id, next_us) VALUES (1, 0);
