-- Stops of care (JW307), corrections and withdrawals applied as for the starts. Premature
-- (voortijdig): RedenBeeindiging 32, 33, 34 or 35 (JZ588).
CREATE OR REPLACE TABLE stg_ijw_stop AS
WITH versies AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY r.aanbieder, r.client, coalesce(r.toewijzing_nummer, ''),
                                           coalesce(r.productcategorie, ''), coalesce(r.productcode, '')
                              ORDER BY r.dagtekening DESC, r.bericht_id DESC, r.volgnr DESC) AS nr
    FROM raw_ijw r
    WHERE r.soort = 'JW307'
)
SELECT s.aanbieder, s.client, s.leeftijd, s.toewijzing_nummer,
       coalesce(s.product, t.product, 'onbekend') AS product,
       s.begindatum, s.einddatum, s.reden_beeindiging,
       s.reden_beeindiging IN ('32', '33', '34', '35') AS voortijdig
FROM versies s
LEFT JOIN stg_ijw_toewijzing t ON t.aanbieder = s.aanbieder AND t.toewijzing_nummer = s.toewijzing_nummer
WHERE s.nr = 1 AND s.status_aanlevering <> '3';
