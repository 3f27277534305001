-- Breakdown of who waits on each provider's newest snapshot in the period, by one
-- dimension: wait band, area (gebied), age band, or what they wait on. Counts only; the
-- privacy layer suppresses small cells.
WITH snap AS (
    SELECT p.periode, s.aanbieder, max(s.peildatum) AS peildatum
    FROM perioden($labels, $starts, $ends) p
    JOIN stg_snapshot s ON s.peildatum BETWEEN p.p_start AND p.p_eind
    WHERE list_contains($aanbieders, s.aanbieder)
    GROUP BY ALL
),
rijen AS (
    SELECT s.periode, s.aanbieder, w.*
    EXCLUDE (aanbieder)
    FROM snap s JOIN stg_wachtlijst w ON w.aanbieder = s.aanbieder AND w.peildatum = s.peildatum
),
ingedeeld AS (
    SELECT periode, aanbieder,
           CASE $dimensie
             WHEN 'wachttijd' THEN CASE
                 WHEN wachttijd_dagen <= 28 THEN '0–4 weken'
                 WHEN wachttijd_dagen <= 56 THEN '4–8 weken'
                 WHEN wachttijd_dagen <= 91 THEN '8–13 weken'
                 WHEN wachttijd_dagen <= 182 THEN '13–26 weken'
                 WHEN wachttijd_dagen <= 364 THEN '26–52 weken'
                 ELSE '> 52 weken' END
             WHEN 'gebied' THEN coalesce(gebied, 'onbekend')
             WHEN 'leeftijd' THEN CASE
                 WHEN leeftijd IS NULL THEN 'onbekend'
                 WHEN leeftijd < 4 THEN '0–3 jaar'
                 WHEN leeftijd < 12 THEN '4–11 jaar'
                 WHEN leeftijd < 18 THEN '12–17 jaar'
                 ELSE '18–23 jaar' END
             WHEN 'wacht_op' THEN wacht_op
             WHEN 'product' THEN product
           END AS categorie,
           CASE $dimensie
             WHEN 'wachttijd' THEN CASE
                 WHEN wachttijd_dagen <= 28 THEN 1 WHEN wachttijd_dagen <= 56 THEN 2
                 WHEN wachttijd_dagen <= 91 THEN 3 WHEN wachttijd_dagen <= 182 THEN 4
                 WHEN wachttijd_dagen <= 364 THEN 5 ELSE 6 END
             WHEN 'leeftijd' THEN CASE
                 WHEN leeftijd IS NULL THEN 9 WHEN leeftijd < 4 THEN 1 WHEN leeftijd < 12 THEN 2
                 WHEN leeftijd < 18 THEN 3 ELSE 4 END
             ELSE 0
           END AS volgorde
    FROM rijen
)
SELECT periode, aanbieder, categorie, min(volgorde) AS volgorde, count(*) AS wachtenden
FROM ingedeeld
GROUP BY ALL
ORDER BY periode, aanbieder, volgorde, categorie;
