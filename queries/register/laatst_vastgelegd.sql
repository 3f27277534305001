-- The newest moment anything was recorded in the register (NULL when it is empty): new rows
-- are stamped after it, so "recorded later" always means a later vastgelegd_op.
SELECT max(vastgelegd_op) AS laatst FROM (
    SELECT vastgelegd_op FROM reg_rapport
    UNION ALL SELECT vastgelegd_op FROM reg_aanbeveling
    UNION ALL SELECT vastgelegd_op FROM reg_maatregel
    UNION ALL SELECT vastgelegd_op FROM reg_status
    UNION ALL SELECT vastgelegd_op FROM reg_indicator
);
