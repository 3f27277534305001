-- Waiting per provider and product (every product of the provider, 0 when nobody waits),
-- on each provider's newest snapshot in the period.
-- by snapshot: a period's rows follow from the providers' newest snapshots in it alone.
WITH snap AS (SELECT * FROM nieuwste_momentopname($labels, $starts, $ends, $aanbieders))
SELECT s.periode, s.aanbieder, pr.product, s.peildatum,
       count(w.client_id) AS wachtenden,
       quantile_cont(w.wachttijd_dagen, 0.5) / 7 AS mediaan_wachttijd_weken,
       count(*) FILTER (WHERE w.boven_norm) AS boven_norm,
       100.0 * count(*) FILTER (WHERE w.boven_norm) / nullif(count(w.client_id), 0) AS boven_norm_pct,
       100.0 * count(*) FILTER (WHERE w.overbrugging) / nullif(count(w.client_id), 0) AS met_overbrugging_pct
FROM snap s
JOIN product pr ON pr.aanbieder = s.aanbieder
LEFT JOIN stg_wachtlijst w ON w.aanbieder = s.aanbieder AND w.peildatum = s.peildatum AND w.product = pr.product
GROUP BY ALL
ORDER BY s.periode, s.aanbieder, pr.product;
