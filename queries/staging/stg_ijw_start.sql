-- Starts of care (JW305) with corrections and withdrawals applied: per (provider, client,
-- ToewijzingNummer, product) the newest line counts (by Dagtekening, then arrival); when it
-- has StatusAanlevering 3 the start was withdrawn. The product comes from the start, else
-- from its allocation; the allocation (same ToewijzingNummer) gives the wait since it.
CREATE OR REPLACE TABLE stg_ijw_start AS
WITH versies AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY r.aanbieder, r.client, coalesce(r.toewijzing_nummer, ''),
                                           coalesce(r.productcategorie, ''), coalesce(r.productcode, '')
                              ORDER BY r.dagtekening DESC, r.bericht_id DESC, r.volgnr DESC) AS nr
    FROM raw_ijw r
    WHERE r.soort = 'JW305'
)
SELECT s.aanbieder, s.client, s.leeftijd, s.toewijzing_nummer,
       coalesce(s.product, t.product, 'onbekend') AS product,
       s.begindatum, t.toewijzingsdatum,
       (s.begindatum - t.toewijzingsdatum)::INTEGER AS dagen_toewijzing_start
FROM versies s
LEFT JOIN stg_ijw_toewijzing t ON t.aanbieder = s.aanbieder AND t.toewijzing_nummer = s.toewijzing_nummer
WHERE s.nr = 1 AND s.status_aanlevering <> '3';
