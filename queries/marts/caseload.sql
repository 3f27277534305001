-- Caseload per period at three levels (team, provider, 'Totaal') on each provider's newest
-- caseload snapshot in the period (definitions.py, caseload). The norm of a group is the one
-- its cases imply: sum(casussen) / sum(casussen / product norm), which is the plain norm
-- when all products share it; NULL where no product has a norm (and for 'Totaal', which
-- mixes providers).
WITH snap AS (
    SELECT p.periode, c.aanbieder, max(c.peildatum) AS peildatum
    FROM perioden($labels, $starts, $ends) p
    JOIN stg_caseload c ON c.peildatum BETWEEN p.p_start AND p.p_eind
    WHERE list_contains($aanbieders, c.aanbieder)
    GROUP BY ALL
),
rijen AS (
    SELECT s.periode, c.*
    FROM snap s JOIN stg_caseload c ON c.aanbieder = s.aanbieder AND c.peildatum = s.peildatum
),
sommen AS (
    SELECT periode,
           CASE WHEN grouping(aanbieder) = 1 THEN 'Totaal' ELSE aanbieder END AS aanbieder,
           CASE WHEN grouping(team) = 1 THEN NULL ELSE team END AS team,
           CASE WHEN grouping(aanbieder) = 1 THEN 'totaal' WHEN grouping(team) = 1 THEN 'aanbieder' ELSE 'team' END AS niveau,
           max(peildatum) AS peildatum,
           sum(casussen) AS casussen,
           sum(casushouders_fte) AS casushouders_fte,
           sum(zonder_vaste_casushouder) AS zonder_vaste_casushouder,
           sum(contact_binnen_3_maanden) AS contact_binnen_3_maanden,
           sum(casussen) FILTER (WHERE contact_binnen_3_maanden IS NOT NULL) AS contact_noemer,
           CASE WHEN grouping(aanbieder) = 1 THEN NULL ELSE coalesce(
               sum(casussen) FILTER (WHERE norm IS NOT NULL)
                 / nullif(sum(casussen / norm) FILTER (WHERE norm IS NOT NULL), 0),
               min(norm)) END AS norm
    FROM rijen
    GROUP BY GROUPING SETS ((periode, aanbieder, team), (periode, aanbieder), (periode))
)
SELECT *,
       casussen / nullif(casushouders_fte, 0) AS caseload,
       casussen / nullif(casushouders_fte, 0) > norm AS boven_norm,
       100.0 * zonder_vaste_casushouder / nullif(casussen, 0) AS zonder_vaste_casushouder_pct,
       100.0 * contact_binnen_3_maanden / nullif(contact_noemer, 0) AS contact_3m_pct
FROM sommen
ORDER BY periode, niveau DESC, aanbieder, team;
