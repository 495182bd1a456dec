-- heartbeat flushes update services in place
-- The heartbeat flush writes last_seen and lease_expires_at of every renewed service once a second. With
-- neither indexed, and room left on each page, PostgreSQL updates those rows in place (HOT: no index
-- entries, no index bloat). The sweep finds its candidates through sweep_after instead, a lower bound of
-- the lease that the flush moves only once it lags by more than a heartbeat interval, so a candidate's
-- lease ends within one interval of the sweep and the sweep's cost still grows with the expiring leases.
ALTER TABLE services ADD COLUMN sweep_after timestamptz;
UPDATE services SET sweep_after = lease_expires_at;
ALTER TABLE services ALTER COLUMN sweep_after SET NOT NULL;
DROP INDEX services_online_lease;
CREATE INDEX services_online_sweep ON services (sweep_after) WHERE status = 'online';
ALTER TABLE services SET (fillfactor = 50);
