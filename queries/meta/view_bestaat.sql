-- A view of this name (one of the staging files' own), to replace a view by a table.
SELECT 1 FROM duckdb_views() WHERE NOT internal AND view_name = $naam;
