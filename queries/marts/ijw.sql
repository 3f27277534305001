-- The iJw figures (metrics v2, README "A second source") per period, provider ('Totaal' over all) and product
-- (NULL = all products). Each event of the chain is one row, so every figure, and every
-- total over providers, is computed from the same rows (numerators and denominators
-- summed, never percentages averaged). `*_jeugdigen`: the distinct young people under a
-- median or percentage, which decide whether it may be shown.
WITH p AS (SELECT * FROM perioden($labels, $starts, $ends)),
gebeurtenis AS (
    SELECT p.periode, v.aanbieder, v.product, 'verzoek' AS soort, v.client,
           NULL::INTEGER AS dagen, NULL::BOOLEAN AS binnen_norm, NULL::BOOLEAN AS vlag
    FROM p JOIN stg_ijw_verzoek v ON v.verzoekdatum BETWEEN p.p_start AND p.p_eind
    UNION ALL
    SELECT p.periode, t.aanbieder, t.product, 'toewijzing', t.client, t.dagen_verzoek_toewijzing, t.binnen_norm, NULL
    FROM p JOIN stg_ijw_toewijzing t ON t.toewijzingsdatum BETWEEN p.p_start AND p.p_eind
    WHERE t.eerste_toewijzing
    UNION ALL
    SELECT p.periode, s.aanbieder, s.product, 'start', s.client, s.dagen_toewijzing_start, NULL, NULL
    FROM p JOIN stg_ijw_start s ON s.begindatum BETWEEN p.p_start AND p.p_eind
    UNION ALL
    -- Allocated, not ended before the period's end, and not started by then.
    SELECT p.periode, t.aanbieder, t.product, 'niet_gestart', t.client, NULL, NULL,
           t.toewijzingsdatum < p.p_eind - INTERVAL 28 DAY
    FROM p JOIN stg_ijw_toewijzing t ON t.toewijzingsdatum <= p.p_eind
    WHERE (t.einddatum IS NULL OR t.einddatum >= p.p_eind)
      AND NOT EXISTS (SELECT 1 FROM stg_ijw_start s
                      WHERE s.aanbieder = t.aanbieder AND s.toewijzing_nummer = t.toewijzing_nummer
                        AND s.begindatum <= p.p_eind)
    UNION ALL
    SELECT p.periode, s.aanbieder, s.product, 'stop', s.client, NULL, NULL, s.voortijdig
    FROM p JOIN stg_ijw_stop s ON s.einddatum BETWEEN p.p_start AND p.p_eind
),
binnen AS (SELECT * FROM gebeurtenis WHERE list_contains($aanbieders, aanbieder))
SELECT periode,
       CASE WHEN grouping(aanbieder) = 1 THEN 'Totaal' ELSE aanbieder END AS aanbieder,
       CASE WHEN grouping(product) = 1 THEN NULL ELSE product END AS product,
       count(*) FILTER (WHERE soort = 'verzoek') AS verzoeken,
       count(*) FILTER (WHERE soort = 'toewijzing') AS toewijzingen,
       count(*) FILTER (WHERE soort = 'toewijzing' AND dagen IS NOT NULL) AS toewijzingen_op_verzoek,
       count(DISTINCT client) FILTER (WHERE soort = 'toewijzing' AND dagen IS NOT NULL) AS toewijzingen_op_verzoek_jeugdigen,
       quantile_cont(dagen, 0.5) FILTER (WHERE soort = 'toewijzing') AS mediaan_dagen_verzoek_toewijzing,
       count(*) FILTER (WHERE soort = 'toewijzing' AND binnen_norm) AS toewijzing_binnen_norm,
       100.0 * count(*) FILTER (WHERE soort = 'toewijzing' AND binnen_norm)
             / nullif(count(*) FILTER (WHERE soort = 'toewijzing' AND dagen IS NOT NULL), 0)
           AS toewijzing_binnen_5_werkdagen_pct,
       count(*) FILTER (WHERE soort = 'start') AS starts,
       count(DISTINCT client) FILTER (WHERE soort = 'start' AND dagen IS NOT NULL) AS starts_met_toewijzing_jeugdigen,
       quantile_cont(dagen, 0.5) FILTER (WHERE soort = 'start') AS mediaan_dagen_toewijzing_start,
       quantile_cont(dagen, 0.9) FILTER (WHERE soort = 'start') AS p90_dagen_toewijzing_start,
       count(*) FILTER (WHERE soort = 'niet_gestart') AS toegewezen_niet_gestart,
       count(*) FILTER (WHERE soort = 'niet_gestart' AND vlag) AS waarvan_langer_dan_4_weken,
       count(*) FILTER (WHERE soort = 'stop') AS stops,
       count(DISTINCT client) FILTER (WHERE soort = 'stop') AS stops_jeugdigen,
       count(*) FILTER (WHERE soort = 'stop' AND vlag) AS voortijdig,
       100.0 * count(*) FILTER (WHERE soort = 'stop' AND vlag) / nullif(count(*) FILTER (WHERE soort = 'stop'), 0)
           AS voortijdig_pct
FROM binnen
GROUP BY GROUPING SETS ((periode, aanbieder, product), (periode, aanbieder), (periode))
ORDER BY periode, grouping(aanbieder), aanbieder, grouping(product) DESC, product;
