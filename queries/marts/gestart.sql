-- Started trajectories in the period: count, median realised wait (days) and share
-- within the norm of their product, per provider and 'Totaal'.
SELECT p.periode,
       CASE WHEN grouping(g.aanbieder) = 1 THEN 'Totaal' ELSE g.aanbieder END AS aanbieder,
       count(*) AS aantal,
       quantile_cont(g.wacht_dagen, 0.5) AS mediaan_gerealiseerde_wachttijd_dagen,
       count(*) FILTER (WHERE g.binnen_norm) AS binnen_norm,
       100.0 * count(*) FILTER (WHERE g.binnen_norm) / count(*) AS binnen_norm_pct
FROM perioden($labels, $starts, $ends) p
JOIN stg_gestart g ON g.startdatum BETWEEN p.p_start AND p.p_eind
WHERE list_contains($aanbieders, g.aanbieder)
GROUP BY GROUPING SETS ((p.periode, g.aanbieder), (p.periode))
ORDER BY p.periode, grouping(g.aanbieder), aanbieder;
