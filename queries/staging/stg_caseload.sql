-- Current caseload rows with the caseload norm of their product valid on the peildatum
-- (NULL for products without a norm).
CREATE OR REPLACE TABLE stg_caseload AS
WITH huidig AS (
    SELECT c.*
    FROM raw_caseload c
    JOIN huidige_aanlevering h
      ON h.aanlevering_id = c.aanlevering_id AND h.soort = 'caseload'
     AND h.maand = date_trunc('month', c.peildatum)
),
normen AS (SELECT sleutel, geldig_vanaf, waarde FROM norm WHERE norm = 'caseload')
SELECT h.*, n.waarde AS norm
FROM huidig h
ASOF LEFT JOIN normen n ON n.sleutel = h.product AND h.peildatum >= n.geldig_vanaf;
