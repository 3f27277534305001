-- The fingerprint of the queries and registers the marts were built with.
SELECT vingerafdruk FROM mart_meta
