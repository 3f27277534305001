-- The newest moment a toelichting or briefing text was recorded (NULL when none): a new
-- row is stamped after it, so "newest" is always the one recorded last.
SELECT max(vastgelegd_op) AS laatst FROM (
    SELECT vastgelegd_op FROM reg_toelichting
    UNION ALL SELECT vastgelegd_op FROM reg_briefingtekst
);
