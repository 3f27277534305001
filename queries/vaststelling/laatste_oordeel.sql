-- When the newest verdict was recorded (a new one must come after it).
SELECT max(vastgelegd_op) AS laatst FROM vst_oordeel;
