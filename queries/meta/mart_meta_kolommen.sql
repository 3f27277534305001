-- The columns of mart_meta (databases built before the fingerprint have none).
SELECT column_name FROM duckdb_columns() WHERE table_name = 'mart_meta'
