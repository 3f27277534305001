-- The full, append-only status history of measures, oldest first.
SELECT maatregel_id, datum, status, toelichting, bewijs, door, vastgelegd_op, demo
FROM reg_status
WHERE list_contains($ids, maatregel_id)
ORDER BY maatregel_id, datum, vastgelegd_op;
