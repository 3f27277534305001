-- Current caseload rows with the caseload norm of their product valid on the peildatum
-- (NULL for products without a norm).
-- refresh: aanbieder, peildatum
CREATE OR REPLACE TABLE stg_caseload AS
WITH huidig AS (
    SELECT c.*
    FROM raw_caseload c
    JOIN huidige_aanlevering h
      ON h.aanlevering_id = c.aanlevering_id AND h.soort = 'caseload'
     AND h.maand = date_trunc('month', c.peildatum)
)
SELECT h.*, n.waarde AS norm
FROM huidig h
LEFT JOIN norm_geldig n
  ON n.norm = 'caseload' AND n.sleutel = h.product
 AND h.peildatum >= n.geldig_vanaf AND h.peildatum < n.geldig_tot;
