-- Every delivery on record, current or replaced: what a new session checks against.
SELECT sha256, bestand, ontvangen_op, aanbieder, soort, periode, status, id FROM aanlevering
