-- discovery by type and by capability reads an index
-- Neither column is written by the heartbeat flush, so its updates stay HOT.
CREATE INDEX services_type_name ON services (type, name);
CREATE INDEX services_capabilities ON services USING gin (capabilities);
