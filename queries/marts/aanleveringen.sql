-- The delivery log, newest first (rejected files live in quarantine, outside the database).
SELECT id, bestand, aanbieder, soort, periode, status, rijen, ontvangen_op, bytes, sha256,
       vervangt, vervangen_door, wijzigingen, waarschuwingen, demo
FROM aanlevering
WHERE list_contains($aanbieders, aanbieder)
ORDER BY ontvangen_op DESC, id DESC;
