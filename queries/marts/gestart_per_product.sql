-- Started trajectories per provider and product in the period.
SELECT p.periode, g.aanbieder, g.product,
       count(*) AS aantal,
       quantile_cont(g.wacht_dagen, 0.5) AS mediaan_gerealiseerde_wachttijd_dagen,
       100.0 * count(*) FILTER (WHERE g.binnen_norm) / count(*) AS binnen_norm_pct,
       min(g.norm_dagen) AS norm_dagen
FROM perioden($labels, $starts, $ends) p
JOIN stg_gestart g ON g.startdatum BETWEEN p.p_start AND p.p_eind
WHERE list_contains($aanbieders, g.aanbieder)
GROUP BY ALL
ORDER BY p.periode, g.aanbieder, g.product;
