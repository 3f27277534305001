-- Which deliveries were expected for each period and how many of their months arrived
-- (the Aanleveringen page). Expectations follow what each provider delivered before: every
-- kind it has ever delivered is expected for every month from its first delivery of that
-- kind up to the newest month with any data, monthly or per quarter as it delivered before;
-- a quarter is only expected once the newest month with data reaches the quarter's end.
WITH ritme AS (
    SELECT aanbieder, soort,
           bool_and(periode LIKE '%-Q%') AS per_kwartaal,
           min(periode_start) AS eerste
    FROM aanlevering
    WHERE list_contains($aanbieders, aanbieder)
    GROUP BY ALL
),
laatste AS (SELECT max(maand) AS maand FROM huidige_aanlevering),
verwacht AS (
    SELECT r.aanbieder, r.soort, r.per_kwartaal, l.maand AS laatste,
           unnest(generate_series(r.eerste, l.maand, INTERVAL 1 MONTH))::DATE AS maand
    FROM ritme r CROSS JOIN laatste l
)
SELECT p.periode, v.aanbieder, v.soort, v.per_kwartaal,
       count(*) AS maanden_verwacht,
       count(h.aanlevering_id) AS maanden_geleverd,
       max(a.bestand) AS bestand,
       max(a.ontvangen_op) AS ontvangen_op
FROM perioden($labels, $starts, $ends) p
JOIN verwacht v ON v.maand BETWEEN date_trunc('month', p.p_start) AND p.p_eind
LEFT JOIN huidige_aanlevering h ON h.aanbieder = v.aanbieder AND h.soort = v.soort AND h.maand = v.maand
LEFT JOIN aanlevering a ON a.id = h.aanlevering_id
WHERE NOT v.per_kwartaal OR date_trunc('quarter', v.maand) + INTERVAL 2 MONTH <= v.laatste
GROUP BY ALL
ORDER BY p.periode, v.aanbieder, v.soort;
