-- The day the materialised marts were computed (one row, or none before the first build).
SELECT berekend_op FROM mart_meta
