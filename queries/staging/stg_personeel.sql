-- Current staff rows, one per (provider, month, team, function).
-- refresh: aanbieder, periode
CREATE OR REPLACE TABLE stg_personeel AS
SELECT p.*
FROM raw_personeel p
JOIN huidige_aanlevering h
  ON h.aanlevering_id = p.aanlevering_id AND h.soort = 'personeel' AND h.maand = p.periode;
