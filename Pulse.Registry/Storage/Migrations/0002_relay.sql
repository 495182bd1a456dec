-- relay: messages, claims and the delivery log per service
-- Per service: the last delivery id allocated (under this row's lock, so ids commit in order) and how far
-- the log has been trimmed (a cursor before it is 410).
CREATE TABLE relay_streams (
    service_id uuid PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    last_delivery bigint NOT NULL,
    trimmed_up_to bigint NOT NULL
);

CREATE TABLE relay_messages (
    id uuid PRIMARY KEY,
    service_id uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    type text NOT NULL,
    key text,
    payload text NOT NULL,
    status text NOT NULL,
    result text,
    reason text,
    attempts integer NOT NULL,
    epoch bigint NOT NULL,
    lease_expires_at timestamptz,
    last_delivery bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
-- Coalescing: one live (pending or claimed) message per key and service.
CREATE UNIQUE INDEX relay_messages_live_key ON relay_messages (service_id, key)
    WHERE status IN ('pending', 'claimed');
-- The recovery sweep reads only expired claims.
CREATE INDEX relay_messages_claimed_lease ON relay_messages (lease_expires_at) WHERE status = 'claimed';
-- Trimming keeps the latest delivery of every live message.
CREATE INDEX relay_messages_live ON relay_messages (service_id, last_delivery)
    WHERE status IN ('pending', 'claimed');

CREATE TABLE relay_deliveries (
    service_id uuid NOT NULL,
    id bigint NOT NULL,
    message_id uuid NOT NULL REFERENCES relay_messages (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX relay_deliveries_message ON relay_deliveries (message_id);
