-- The newest establishment of a period, with everything it recorded.
SELECT periode, vastgesteld_op, door, aanleveringen, normen, register, oordelen, kerncijfers, rapport, demo
FROM vst_vaststelling
WHERE periode = $periode
ORDER BY vastgesteld_op DESC
LIMIT 1;
