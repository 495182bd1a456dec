-- Pilot's tables. Written with IF NOT EXISTS (the earlier hand-written start-up ran it on every start), so on a
-- database made by an earlier Pilot it creates only what is missing, and is then journalled like any script.
CREATE TABLE IF NOT EXISTS download_clients (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    implementation text NOT NULL,
    protocol text NOT NULL,
    url text NULL,
    api_key text NOT NULL,
    delivery_mode text NOT NULL,
    category text NULL,
    priority integer NOT NULL,
    enabled boolean NOT NULL,
    source text NOT NULL CHECK (source IN ('manual', 'pulse')),
    status text NOT NULL,
    pulse_id text NULL UNIQUE,
    service_id text NULL,
    updated_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS grabs (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    uri text NOT NULL,
    category text NULL,
    status text NOT NULL,
    info_hash text NULL,
    download_client text NULL,
    message_id text NULL,
    reason text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL);
CREATE INDEX IF NOT EXISTS grabs_by_created ON grabs (created_at DESC);
CREATE INDEX IF NOT EXISTS grabs_pending ON grabs (created_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS grabs_queued ON grabs (created_at) WHERE status = 'queued';
