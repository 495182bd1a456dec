-- Haul's tables. Idempotency keys live in a table of their own, not a column of torrents: two grabs of one torrent
-- are two keys for one torrent. A key goes with its torrent when the torrent is deleted.
-- Written with IF NOT EXISTS (the earlier hand-written start-up ran it on every start), so on a database made by an
-- earlier Haul it creates only what is missing, and is then journalled like any script.
CREATE TABLE IF NOT EXISTS torrents (
    info_hash     text PRIMARY KEY CHECK (info_hash ~ '^[0-9a-f]{40}$'),
    name          text NOT NULL,
    category      text,
    save_path     text,
    tags          text[] NOT NULL DEFAULT '{}',
    size          bigint NOT NULL CHECK (size >= 0),
    downloaded    bigint NOT NULL DEFAULT 0,
    running_since timestamptz,
    metadata      jsonb,
    added_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS torrents_added_at ON torrents (added_at DESC, info_hash);
CREATE TABLE IF NOT EXISTS torrent_idempotency_keys (
    key        text PRIMARY KEY,
    info_hash  text NOT NULL REFERENCES torrents (info_hash) ON DELETE CASCADE,
    created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS torrent_idempotency_keys_info_hash ON torrent_idempotency_keys (info_hash);
