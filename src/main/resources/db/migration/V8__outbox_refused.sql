-- An outgoing message the broker refuses for good (no permission, no such address, a message it
-- cannot take) is set aside with the broker's reason instead of holding up every message behind it.
-- The relay skips it; an operator sends it again once the cause is fixed (README, "Stuck messages").
ALTER TABLE outbox ADD COLUMN refused_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN refusal VARCHAR(1000);
-- Failures the relay cannot classify are counted; after hub.outbox.max-attempts the message is set aside too.
ALTER TABLE outbox ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
