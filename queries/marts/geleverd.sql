-- Which kinds each provider delivered for each period (a current delivery covers at least
-- one month of it), and how many of the period's months are covered. A figure whose
-- extract was not delivered is shown as missing, not as zero.
SELECT p.periode, h.aanbieder, h.soort,
       count(DISTINCT h.maand) AS maanden_geleverd,
       bool_or(a.demo) AS demo
FROM perioden($labels, $starts, $ends) p
JOIN huidige_aanlevering h ON h.maand BETWEEN date_trunc('month', p.p_start) AND p.p_eind
JOIN aanlevering a ON a.id = h.aanlevering_id
WHERE list_contains($aanbieders, h.aanbieder)
GROUP BY ALL
ORDER BY p.periode, h.aanbieder, h.soort;
