-- relay: finished messages are trimmed by age
-- The relay sweep reads only the finished messages past Relay:FinishedRetention, oldest first; their
-- deliveries go with them (ON DELETE CASCADE, through relay_deliveries_message).
CREATE INDEX relay_messages_finished ON relay_messages (updated_at) WHERE status IN ('completed', 'failed');
