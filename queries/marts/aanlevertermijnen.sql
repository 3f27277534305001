-- Every delivery that was due (the Aanleveringen page's herinneringen, issue 12): per provider,
-- kind and delivery period (a month, or a quarter for a kind the provider delivers per
-- quarter), from its first delivery of that kind up to the newest month with data, and for a
-- kind it owes but never delivered (`$verschuldigd`, 'AANBIEDER/soort') from its first delivery
-- of any kind; with when a delivery covering it first arrived (null: not at all). The deadline
-- itself is the register's (dashboard.deadlines), in working days after the period's end.
WITH geleverd AS (
    SELECT aanbieder, soort, bool_and(periode LIKE '%-Q%') AS per_kwartaal, min(periode_start) AS eerste
    FROM aanlevering
    WHERE list_contains($aanbieders, aanbieder)
    GROUP BY ALL
),
nooit AS (
    SELECT a.aanbieder, split_part(v, '/', 2) AS soort, false AS per_kwartaal, min(a.periode_start) AS eerste
    FROM aanlevering a, unnest($verschuldigd) AS t(v)
    WHERE split_part(v, '/', 1) = a.aanbieder AND list_contains($aanbieders, a.aanbieder)
      AND NOT EXISTS (SELECT 1 FROM aanlevering b WHERE b.aanbieder = a.aanbieder AND b.soort = split_part(v, '/', 2))
    GROUP BY ALL
),
ritme AS (SELECT * FROM geleverd UNION ALL SELECT * FROM nooit),
laatste AS (SELECT max(maand) AS maand FROM huidige_aanlevering),
maanden AS (
    SELECT r.aanbieder, r.soort, r.per_kwartaal,
           unnest(generate_series(r.eerste, l.maand, INTERVAL 1 MONTH))::DATE AS maand, l.maand AS laatste
    FROM ritme r CROSS JOIN laatste l
),
verwacht AS (
    SELECT DISTINCT aanbieder, soort, per_kwartaal,
           CASE WHEN per_kwartaal THEN date_trunc('quarter', maand)::DATE ELSE maand END AS periode_start
    FROM maanden
    WHERE NOT per_kwartaal OR date_trunc('quarter', maand) + INTERVAL 2 MONTH <= laatste
)
SELECT v.aanbieder, v.soort, v.per_kwartaal, v.periode_start,
       (v.periode_start + CASE WHEN v.per_kwartaal THEN INTERVAL 3 MONTH ELSE INTERVAL 1 MONTH END - INTERVAL 1 DAY)::DATE AS periode_eind,
       min(a.ontvangen_op) AS eerst_ontvangen,
       arg_min(a.bestand, a.ontvangen_op) AS bestand
FROM verwacht v
LEFT JOIN aanlevering a
       ON a.aanbieder = v.aanbieder AND a.soort = v.soort AND a.periode_start <= v.periode_start
      AND a.periode_eind >= (v.periode_start + CASE WHEN v.per_kwartaal THEN INTERVAL 3 MONTH ELSE INTERVAL 1 MONTH END - INTERVAL 1 DAY)::DATE
GROUP BY ALL
ORDER BY v.aanbieder, v.soort, v.periode_start;
