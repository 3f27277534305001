-- The two sources side by side, per period and provider: starts in the iJw traffic
-- (JW305, corrections applied) against the `gestart` extract of the same period. Either
-- side is missing (NULL) when it says nothing about the period: the extract when no
-- `gestart` delivery covers every month of it, the traffic when the provider sent or
-- received no iJw message dated in it. `ijw_verkeer`: the provider's traffic had begun by
-- the period's end (its first message is dated on or before it). The threshold is the norm `ijw_extract_verschil_pct`.
WITH p AS (SELECT * FROM perioden($labels, $starts, $ends)),
a AS (SELECT unnest($aanbieders) AS aanbieder),
geleverd AS (
    SELECT p.periode, h.aanbieder, count(DISTINCT h.maand) AS maanden
    FROM p JOIN huidige_aanlevering h ON h.soort = 'gestart' AND h.maand BETWEEN p.p_start AND p.p_eind
    GROUP BY ALL
),
verkeer AS (
    SELECT p.periode, b.aanbieder, count(*) AS berichten
    FROM p JOIN ijw_bericht b ON b.dagtekening BETWEEN p.p_start AND p.p_eind
    GROUP BY ALL
),
ijw_starts AS (
    SELECT p.periode, s.aanbieder, count(*) AS starts
    FROM p JOIN stg_ijw_start s ON s.begindatum BETWEEN p.p_start AND p.p_eind
    GROUP BY ALL
),
extract_starts AS (
    SELECT p.periode, g.aanbieder, count(*) AS aantal
    FROM p JOIN stg_gestart g ON g.startdatum BETWEEN p.p_start AND p.p_eind
    GROUP BY ALL
),
drempel AS (
    SELECT p.periode, n.waarde
    FROM p JOIN norm_geldig n ON n.norm = 'ijw_extract_verschil_pct' AND p.p_eind >= n.geldig_vanaf AND p.p_eind < n.geldig_tot
),
eerste AS (SELECT aanbieder, min(dagtekening) AS eerste_bericht FROM ijw_bericht GROUP BY ALL),
naast AS (
SELECT p.periode, a.aanbieder, f.eerste_bericht <= p.p_eind AS ijw_verkeer,
       CASE WHEN v.berichten > 0 THEN coalesce(s.starts, 0) END AS starts,
       CASE WHEN g.maanden = date_diff('month', p.p_start, p.p_eind) + 1 THEN coalesce(e.aantal, 0) END AS gestart_extract,
       d.waarde AS drempel_pct
FROM p CROSS JOIN a
LEFT JOIN geleverd g ON g.periode = p.periode AND g.aanbieder = a.aanbieder
LEFT JOIN verkeer v ON v.periode = p.periode AND v.aanbieder = a.aanbieder
LEFT JOIN ijw_starts s ON s.periode = p.periode AND s.aanbieder = a.aanbieder
LEFT JOIN extract_starts e ON e.periode = p.periode AND e.aanbieder = a.aanbieder
LEFT JOIN drempel d ON d.periode = p.periode
LEFT JOIN eerste f ON f.aanbieder = a.aanbieder
)
SELECT * EXCLUDE (ijw_verkeer), coalesce(ijw_verkeer, false) AS ijw_verkeer,
       100.0 * (starts - gestart_extract) / nullif(gestart_extract, 0) AS verschil_met_extract_pct,
       abs(100.0 * (starts - gestart_extract) / nullif(gestart_extract, 0)) > drempel_pct AS bron_klopt_niet
FROM naast
ORDER BY periode, aanbieder;
