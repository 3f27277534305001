-- The whole status history of every measure, oldest first within a measure (for the export).
SELECT * EXCLUDE (vastgelegd_op) FROM reg_status
ORDER BY maatregel_id, datum, vastgelegd_op;
