-- The migrations recorded as applied, for /readyz.
-- no parameters
SELECT name, checksum FROM schema_migrations ORDER BY name
