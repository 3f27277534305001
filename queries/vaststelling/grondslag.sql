-- The deliveries a period's figures rest on: of the chosen providers, every delivery that
-- counts for a month up to the period's end (trends and 12-month windows look back), with
-- its hash, so that a later re-delivery can be recognised.
SELECT DISTINCT a.id, a.bestand, a.aanbieder, a.soort, a.periode, a.sha256,
       strftime(a.ontvangen_op, '%Y-%m-%dT%H:%M:%S') AS ontvangen_op, a.wijzigingen
FROM huidige_aanlevering h
JOIN aanlevering a ON a.id = h.aanlevering_id
WHERE h.maand <= $eind AND list_contains($aanbieders, a.aanbieder)
ORDER BY a.aanbieder, a.soort, a.periode, a.id;
