-- JBRR process norms per period, provider and step (definitions.py, doorlooptijden). Measures
-- counted are those received in the period; the evaluation date is the period's end, or
-- $vandaag if earlier. A measure with the milestone is judged on it; one without is
-- 'lopend' (left out) while its deadline has not passed on the evaluation date.
WITH m AS (
    SELECT p.periode, least(p.p_eind, $vandaag::DATE) AS evaluatie, d.*
    FROM perioden($labels, $starts, $ends) p
    JOIN stg_doorlooptijden d ON d.ontvangstdatum BETWEEN p.p_start AND p.p_eind
    WHERE list_contains($aanbieders, d.aanbieder)
),
m2 AS (
    -- On a weekend day or holiday the working day of a deadline just before it has passed:
    -- counted as the next working day (a Friday deadline has passed on Sunday; dashboard/workdays.py).
    SELECT m.*, k.werkdag_nr + (NOT k.werkdag)::INTEGER - m.ontvangst_werkdag_nr AS werkdagen_verstreken,
           (m.evaluatie - m.ontvangstdatum)::INTEGER AS dagen_verstreken
    FROM m JOIN kalender k ON k.datum = m.evaluatie
),
stappen AS (
    SELECT periode, aanbieder, ontvangstdatum, 'beoordeeld' AS stap, beoordeeld_op IS NOT NULL AS gedaan,
           beoordeeld_werkdagen AS duur, werkdagen_verstreken AS verstreken FROM m2
    UNION ALL
    SELECT periode, aanbieder, ontvangstdatum, 'eerste_contact', eerste_contact_op IS NOT NULL,
           eerste_contact_werkdagen, werkdagen_verstreken FROM m2
    UNION ALL
    SELECT periode, aanbieder, ontvangstdatum, 'risicotaxatie', risicotaxatie_op IS NOT NULL,
           risicotaxatie_werkdagen, werkdagen_verstreken FROM m2
    UNION ALL
    SELECT periode, aanbieder, ontvangstdatum, 'mdo', mdo_op IS NOT NULL,
           mdo_werkdagen, werkdagen_verstreken FROM m2
    UNION ALL
    SELECT periode, aanbieder, ontvangstdatum, 'gezinsplan', gezinsplan_op IS NOT NULL,
           gezinsplan_dagen, dagen_verstreken FROM m2
),
beoordeeld AS (
    SELECT s.*, n.waarde AS norm, n.eenheid
    FROM stappen s
    JOIN norm_geldig n
      ON n.norm IN ('proces_werkdagen', 'proces_dagen') AND n.sleutel = s.stap
     AND s.ontvangstdatum >= n.geldig_vanaf AND s.ontvangstdatum < n.geldig_tot
)
SELECT periode,
       CASE WHEN grouping(aanbieder) = 1 THEN 'Totaal' ELSE aanbieder END AS aanbieder,
       stap, min(norm) AS norm, min(eenheid) AS eenheid,
       count(*) AS maatregelen,
       count(*) FILTER (WHERE gedaan AND duur <= norm) AS binnen_norm,
       count(*) FILTER (WHERE gedaan OR verstreken > norm) AS beoordeelbaar,
       count(*) FILTER (WHERE NOT gedaan AND verstreken <= norm) AS lopend,
       100.0 * count(*) FILTER (WHERE gedaan AND duur <= norm)
             / nullif(count(*) FILTER (WHERE gedaan OR verstreken > norm), 0) AS binnen_norm_pct
FROM beoordeeld
GROUP BY GROUPING SETS ((periode, aanbieder, stap), (periode, stap))
ORDER BY periode, grouping(aanbieder), aanbieder, stap;
