-- Current started trajectories with their realised wait and the norm of their product
-- (valid on the start date). Within norm: wait <= norm days.
-- refresh: aanbieder, startdatum
CREATE OR REPLACE TABLE stg_gestart AS
WITH huidig AS (
    SELECT g.*
    FROM raw_gestart g
    JOIN huidige_aanlevering h
      ON h.aanlevering_id = g.aanlevering_id AND h.soort = 'gestart'
     AND h.maand = date_trunc('month', g.startdatum)
)
SELECT h.aanlevering_id, h.aanbieder, h.client_id, h.product, h.aanmelddatum, h.startdatum, h.urgentie,
       (h.startdatum - h.aanmelddatum)::INTEGER AS wacht_dagen,
       n.waarde AS norm_dagen,
       (h.startdatum - h.aanmelddatum) <= n.waarde AS binnen_norm
FROM huidig h
LEFT JOIN norm_geldig n
  ON n.norm = 'gerealiseerde_wachttijd_dagen' AND n.sleutel = h.product
 AND h.startdatum >= n.geldig_vanaf AND h.startdatum < n.geldig_tot;
