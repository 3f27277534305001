-- Every measure as it stands on $op: its newest version, its recommendation and report,
-- its status on that date (the newest update dated on or before it; `niet_gestart` when
-- there is none), whether it is overdue, and its linked indicator (newest link). An
-- agreement of a regie meeting (`soort` regieoverleg) exists from the meeting's date on.
WITH maatregel AS (
    SELECT * FROM reg_maatregel QUALIFY row_number() OVER (PARTITION BY id ORDER BY vastgelegd_op DESC) = 1
),
aanbeveling AS (
    SELECT * FROM reg_aanbeveling QUALIFY row_number() OVER (PARTITION BY id ORDER BY vastgelegd_op DESC) = 1
),
rapport AS (
    SELECT * FROM reg_rapport QUALIFY row_number() OVER (PARTITION BY id ORDER BY vastgelegd_op DESC) = 1
),
status AS (
    SELECT maatregel_id, status, datum AS status_datum, toelichting, bewijs, door AS status_door
    FROM reg_status
    WHERE datum <= $op
    QUALIFY row_number() OVER (PARTITION BY maatregel_id ORDER BY datum DESC, vastgelegd_op DESC) = 1
),
indicator AS (
    SELECT * FROM reg_indicator
    QUALIFY row_number() OVER (PARTITION BY maatregel_id ORDER BY vastgelegd_op DESC) = 1
)
SELECT m.id, m.adressaat, m.omschrijving, m.eigenaar, m.deadline, m.demo,
       a.id AS aanbeveling_id, a.nummer, a.bevinding, a.tekst AS aanbeveling, a.adressaten,
       r.id AS rapport_id, r.instantie, r.titel AS rapport, r.datum AS rapport_datum,
       coalesce(r.soort, 'inspectie') AS soort,
       coalesce(s.status, 'niet_gestart') AS status, s.status_datum, s.toelichting, s.bewijs, s.status_door,
       m.deadline < $op AND coalesce(s.status, 'niet_gestart') NOT IN ('gerealiseerd', 'doorgewerkt', 'vervallen')
           AS te_laat,
       i.cijfer, i.aanbieder AS indicator_aanbieder, i.product AS indicator_product, i.team AS indicator_team,
       i.vergelijking, i.doel, i.doeldatum
FROM maatregel m
JOIN aanbeveling a ON a.id = m.aanbeveling_id
JOIN rapport r ON r.id = a.rapport_id
LEFT JOIN status s ON s.maatregel_id = m.id
LEFT JOIN indicator i ON i.maatregel_id = m.id
WHERE list_contains($adressaten, m.adressaat)
  AND (r.soort IS DISTINCT FROM 'regieoverleg' OR r.datum <= $op)
ORDER BY r.datum, r.id, a.nummer, m.id;
