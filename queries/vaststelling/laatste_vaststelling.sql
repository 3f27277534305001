-- When the newest establishment was recorded (a new one must come after it).
SELECT max(vastgesteld_op) AS laatst FROM vst_vaststelling;
