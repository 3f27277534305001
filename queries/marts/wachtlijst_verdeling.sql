-- Breakdowns of who waits on each provider's newest snapshot in the period, in one pass:
-- by wait band, area (gebied), age band, what they wait on, and product (`dimensie`).
-- Counts only; the privacy layer suppresses small cells.
-- by snapshot: a period's rows follow from the providers' newest snapshots in it alone.
WITH snap AS (SELECT * FROM nieuwste_momentopname($labels, $starts, $ends, $aanbieders)),
rijen AS (
    SELECT s.periode, s.aanbieder, w.wacht_op, w.product,
           coalesce(w.gebied, 'onbekend') AS gebied,
           CASE WHEN w.wachttijd_dagen <= 28 THEN 1 WHEN w.wachttijd_dagen <= 56 THEN 2
                WHEN w.wachttijd_dagen <= 91 THEN 3 WHEN w.wachttijd_dagen <= 182 THEN 4
                WHEN w.wachttijd_dagen <= 364 THEN 5 ELSE 6 END AS wachtband,
           CASE WHEN w.leeftijd IS NULL THEN 9 WHEN w.leeftijd < 4 THEN 1 WHEN w.leeftijd < 12 THEN 2
                WHEN w.leeftijd < 18 THEN 3 ELSE 4 END AS leeftijdsband
    FROM snap s JOIN stg_wachtlijst w ON w.aanbieder = s.aanbieder AND w.peildatum = s.peildatum
),
-- Counted once by every dimension together (a few thousand cells for any number of
-- rows), then summed per dimension: each grouping set over the rows themselves read them
-- all again, five times.
cellen AS (
    SELECT periode, aanbieder, wachtband, gebied, leeftijdsband, wacht_op, product, count(*) AS n
    FROM rijen
    GROUP BY ALL
),
geteld AS (
    SELECT periode, aanbieder, wachtband, gebied, leeftijdsband, wacht_op, product,
           grouping(wachtband, gebied, leeftijdsband, wacht_op, product) AS g,
           sum(n)::BIGINT AS wachtenden
    FROM cellen
    GROUP BY GROUPING SETS ((periode, aanbieder, wachtband), (periode, aanbieder, gebied),
                            (periode, aanbieder, leeftijdsband), (periode, aanbieder, wacht_op),
                            (periode, aanbieder, product))
)
SELECT periode, aanbieder,
       CASE g WHEN 15 THEN 'wachttijd' WHEN 23 THEN 'gebied' WHEN 27 THEN 'leeftijd'
              WHEN 29 THEN 'wacht_op' ELSE 'product' END AS dimensie,
       CASE g WHEN 15 THEN ['0–4 weken', '4–8 weken', '8–13 weken', '13–26 weken', '26–52 weken', '> 52 weken'][wachtband]
              WHEN 23 THEN gebied
              WHEN 27 THEN CASE leeftijdsband WHEN 1 THEN '0–3 jaar' WHEN 2 THEN '4–11 jaar'
                                WHEN 3 THEN '12–17 jaar' WHEN 4 THEN '18–23 jaar' ELSE 'onbekend' END
              WHEN 29 THEN wacht_op ELSE product END AS categorie,
       CASE g WHEN 15 THEN wachtband WHEN 27 THEN leeftijdsband ELSE 0 END AS volgorde,
       wachtenden
FROM geteld
ORDER BY periode, aanbieder, dimensie, volgorde, categorie;
