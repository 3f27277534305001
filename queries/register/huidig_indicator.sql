-- The current indicator link of every measure that has one (the newest row per measure),
-- without who recorded it and when.
SELECT * EXCLUDE (vastgelegd_op, door) FROM reg_indicator
QUALIFY row_number() OVER (PARTITION BY maatregel_id ORDER BY vastgelegd_op DESC) = 1
ORDER BY maatregel_id;
