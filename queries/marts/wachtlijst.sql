-- Waitlist headline figures per period and provider, plus 'Totaal' (summed from the rows,
-- never averaged), over each provider's newest snapshot in the period (definitions.py, wachtlijst).
-- by snapshot: a period's rows follow from the providers' newest snapshots in it alone.
WITH snap AS (SELECT * FROM nieuwste_momentopname($labels, $starts, $ends, $aanbieders)),
rijen AS (
    SELECT s.periode, s.aanbieder, s.peildatum, w.client_id, w.wachttijd_dagen, w.boven_norm, w.overbrugging
    FROM snap s
    LEFT JOIN stg_wachtlijst w ON w.aanbieder = s.aanbieder AND w.peildatum = s.peildatum
)
SELECT periode,
       CASE WHEN grouping(aanbieder) = 1 THEN 'Totaal' ELSE aanbieder END AS aanbieder,
       max(peildatum) AS peildatum,
       count(client_id) AS wachtenden,
       quantile_cont(wachttijd_dagen, 0.5) / 7 AS mediaan_wachttijd_weken,
       quantile_cont(wachttijd_dagen, 0.9) / 7 AS p90_wachttijd_weken,
       count(*) FILTER (WHERE boven_norm) AS boven_norm,
       count(*) FILTER (WHERE overbrugging) AS met_overbrugging,
       100.0 * count(*) FILTER (WHERE boven_norm) / nullif(count(client_id), 0) AS boven_norm_pct,
       100.0 * count(*) FILTER (WHERE overbrugging) / nullif(count(client_id), 0) AS met_overbrugging_pct
FROM rijen
GROUP BY GROUPING SETS ((periode, aanbieder), (periode))
ORDER BY periode, grouping(aanbieder), aanbieder;
