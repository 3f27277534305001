-- Every established period (newest establishment of each), newest period first.
SELECT periode, vastgesteld_op, door, demo
FROM vst_vaststelling
QUALIFY row_number() OVER (PARTITION BY periode ORDER BY vastgesteld_op DESC) = 1
ORDER BY periode DESC;
