namespace Pulse.Registry.Storage;

/// <summary>The schema, as an append-only list of versioned steps. Never edit a step that has shipped: add one.</summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> All =
    [
        (1, "services, download clients, change index and events", """
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
            """),
        (2, "relay: messages, claims and the delivery log per service", """
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
            """),
        (3, "heartbeat flushes update services in place", """
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
            """),
        (4, "discovery by type and by capability reads an index", """
            -- Neither column is written by the heartbeat flush, so its updates stay HOT.
            CREATE INDEX services_type_name ON services (type, name);
            CREATE INDEX services_capabilities ON services USING gin (capabilities);
            """),
        (5, "relay: finished messages are trimmed by age", """
            -- The relay sweep reads only the finished messages past Relay:FinishedRetention, oldest first; their
            -- deliveries go with them (ON DELETE CASCADE, through relay_deliveries_message).
            CREATE INDEX relay_messages_finished ON relay_messages (updated_at) WHERE status IN ('completed', 'failed');
            """),
        (6, "principals and their key hashes", """
            -- Who may call the registry: the operator (service_type NULL) and one principal per service, bound to its
            -- (name, service_type). Keys are kept as SHA-256 hashes only, never as keys.
            CREATE TABLE principals (
                name text PRIMARY KEY,
                service_type text,
                consumer boolean NOT NULL,
                created_at timestamptz NOT NULL
            );

            CREATE TABLE principal_keys (
                id uuid PRIMARY KEY,
                principal text NOT NULL REFERENCES principals (name) ON DELETE CASCADE,
                key_hash bytea NOT NULL UNIQUE,
                created_at timestamptz NOT NULL,
                retired_at timestamptz
            );
            CREATE INDEX principal_keys_active ON principal_keys (principal) WHERE retired_at IS NULL;

            -- Moves with every change of principals or keys (and every removal of a service, whose id then stops
            -- granting its owner's scope): each instance polls it and reloads its key cache when it moves.
            CREATE TABLE principal_index (
                id integer PRIMARY KEY CHECK (id = 1),
                value bigint NOT NULL
            );
            INSERT INTO principal_index (id, value) VALUES (1, 0);
            """),
    ];
}
