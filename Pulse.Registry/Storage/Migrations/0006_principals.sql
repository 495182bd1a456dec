-- principals and their key hashes
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
