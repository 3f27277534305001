-- Every waitlist snapshot per provider, with the one before it. A delivered file without
-- rows is a snapshot too (nobody waiting); it counts on the last day of its period.
-- refresh: aanbieder, peildatum
CREATE OR REPLACE TABLE stg_snapshot AS
WITH alle AS (
    SELECT DISTINCT aanbieder, peildatum FROM stg_wachtlijst
    UNION
    SELECT a.aanbieder, a.periode_eind
    FROM aanlevering a
    WHERE a.soort = 'wachtlijst' AND a.rijen = 0
      AND a.id IN (SELECT aanlevering_id FROM huidige_aanlevering WHERE soort = 'wachtlijst')
)
SELECT aanbieder, peildatum,
       lag(peildatum) OVER (PARTITION BY aanbieder ORDER BY peildatum) AS vorige_peildatum
FROM alle;
