-- Which delivery counts for each (provider, kind, month): the newest loaded delivery that
-- covers the month. A re-delivery of the same period replaces the earlier one; a monthly
-- file delivered after a quarterly one overrides just its own month.
-- refresh: aanbieder, maand
CREATE OR REPLACE TABLE huidige_aanlevering AS
WITH maanden AS (
    SELECT id, aanbieder, soort,
           unnest(generate_series(periode_start, periode_eind, INTERVAL 1 MONTH))::DATE AS maand
    FROM aanlevering
    WHERE status = 'geladen'
)
SELECT aanbieder, soort, maand, max(id) AS aanlevering_id
FROM maanden
GROUP BY ALL;
