-- services, download clients, change index and events
CREATE TABLE services (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL,
    api_url text,
    health_url text,
    api_key text,
    version text,
    capabilities text[] NOT NULL DEFAULT '{}',
    metadata text,
    delivery_mode text NOT NULL,
    status text NOT NULL,
    registered timestamptz NOT NULL,
    last_seen timestamptz NOT NULL,
    lease_expires_at timestamptz NOT NULL,
    offline_since timestamptz,
    CONSTRAINT services_name_type UNIQUE (name, type)
);
-- The sweep reads only the expired leases of online services, and only the oldest offline ones.
CREATE INDEX services_online_lease ON services (lease_expires_at) WHERE status = 'online';
CREATE INDEX services_offline_since ON services (offline_since) WHERE status = 'offline';

CREATE TABLE download_clients (
    id uuid PRIMARY KEY,
    service_id uuid UNIQUE REFERENCES services (id) ON DELETE SET NULL,
    name text NOT NULL,
    kind text NOT NULL,
    protocol text NOT NULL,
    enabled boolean NOT NULL,
    priority integer NOT NULL,
    host text,
    port integer,
    use_ssl boolean,
    url_base text,
    api_url text,
    delivery_mode text NOT NULL,
    username text,
    password text,
    category text,
    directory text,
    settings text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row: the registry index (the id of the last event) and how far the feed has been trimmed.
CREATE TABLE registry_index (
    id integer PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL,
    trimmed_up_to bigint NOT NULL
);
INSERT INTO registry_index (id, value, trimmed_up_to) VALUES (1, 0, 0);

CREATE TABLE events (
    id bigint PRIMARY KEY,
    type text NOT NULL,
    event_key text NOT NULL,
    timestamp timestamptz NOT NULL,
    payload text NOT NULL
);
