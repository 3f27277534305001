-- Staff figures per period at three levels (team, provider, 'Totaal'), definitions.py, personeel:
-- stock figures at the provider's last month in the period; turnover over the 12 months
-- ending there (annualised when fewer months exist); absence over the period's months,
-- weighted by FTE. Totals are ratios of sums, never means of percentages.
WITH eind AS (
    SELECT p.periode, p.p_start, s.aanbieder, max(s.periode) AS eind
    FROM perioden($labels, $starts, $ends) p
    JOIN stg_personeel s ON s.periode BETWEEN date_trunc('month', p.p_start) AND p.p_eind
    WHERE list_contains($aanbieders, s.aanbieder)
    GROUP BY ALL
),
rijen AS (
    SELECT e.periode, s.aanbieder, s.team, s.periode AS maand,
           s.periode = e.eind AS is_stand,
           s.periode >= date_trunc('month', e.p_start) AS in_periode,
           s.bezetting_fte, s.bezetting_personen, s.instroom_personen, s.uitstroom_personen,
           s.vacatures_fte, s.inhuur_fte, s.verzuim_pct, s.skj_geregistreerd_personen
    FROM eind e
    JOIN stg_personeel s
      ON s.aanbieder = e.aanbieder AND s.periode <= e.eind AND s.periode > e.eind - INTERVAL 12 MONTH
),
-- Months of staff data per provider in its 12-month window: turnover is annualised per
-- provider, so that 'Totaal' sums each provider's numerator and denominator.
maanden AS (SELECT periode, aanbieder, count(DISTINCT maand) AS n FROM rijen GROUP BY ALL),
sommen AS (
    SELECT periode,
           CASE WHEN grouping(aanbieder) = 1 THEN 'Totaal' ELSE aanbieder END AS aanbieder,
           CASE WHEN grouping(team) = 1 THEN NULL ELSE team END AS team,
           CASE WHEN grouping(aanbieder) = 1 THEN 'totaal' WHEN grouping(team) = 1 THEN 'aanbieder' ELSE 'team' END AS niveau,
           max(maand) FILTER (WHERE is_stand) AS maand,
           sum(bezetting_fte) FILTER (WHERE is_stand) AS bezetting_fte,
           sum(bezetting_personen) FILTER (WHERE is_stand) AS bezetting_personen,
           sum(vacatures_fte) FILTER (WHERE is_stand) AS vacatures_fte,
           sum(inhuur_fte) FILTER (WHERE is_stand) AS inhuur_fte,
           sum(instroom_personen) FILTER (WHERE in_periode) AS instroom_personen,
           sum(uitstroom_personen) FILTER (WHERE in_periode) AS uitstroom_personen,
           sum(uitstroom_personen) AS uitstroom_12m,
           count(DISTINCT maand) AS verloop_maanden,
           least(min(n), count(DISTINCT maand)) < 12 AS verloop_geannualiseerd,
           sum(uitstroom_personen * (12 / n)) AS verloop_teller,
           sum(bezetting_personen * (12 / n)) / 12 AS verloop_noemer,
           sum(bezetting_personen) / count(DISTINCT maand) AS gemiddelde_bezetting_personen,
           sum(verzuim_pct * bezetting_fte) FILTER (WHERE in_periode AND verzuim_pct IS NOT NULL) AS verzuim_gewogen,
           sum(bezetting_fte) FILTER (WHERE in_periode AND verzuim_pct IS NOT NULL) AS verzuim_fte,
           sum(skj_geregistreerd_personen) FILTER (WHERE is_stand) AS skj_personen,
           sum(bezetting_personen) FILTER (WHERE is_stand AND skj_geregistreerd_personen IS NOT NULL) AS skj_noemer
    FROM rijen JOIN maanden USING (periode, aanbieder)
    GROUP BY GROUPING SETS ((periode, aanbieder, team), (periode, aanbieder), (periode))
)
SELECT *,
       100.0 * verloop_teller / nullif(verloop_noemer, 0) AS verloop_12m_pct,
       100.0 * vacatures_fte / nullif(bezetting_fte + vacatures_fte, 0) AS vacaturegraad_pct,
       100.0 * inhuur_fte / nullif(bezetting_fte + inhuur_fte, 0) AS inhuur_pct,
       verzuim_gewogen / nullif(verzuim_fte, 0) AS verzuim_pct,
       100.0 * skj_personen / nullif(skj_noemer, 0) AS skj_pct
FROM sommen
ORDER BY periode, niveau DESC, aanbieder, team;
