-- The current version of every maatregel in the register (the newest row per id), without
-- who recorded it and when, in id order.
SELECT * EXCLUDE (vastgelegd_op, door) FROM reg_maatregel
QUALIFY row_number() OVER (PARTITION BY id ORDER BY vastgelegd_op DESC) = 1
ORDER BY id;
