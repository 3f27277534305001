-- The measures of a provider's current doorlooptijden rows (as of the last write), with the
-- month they count for: the uniqueness check of maatregel_id across deliveries.
SELECT d.maatregel_id, strftime(h.maand, '%Y-%m') AS maand, a.bestand
FROM huidige_aanlevering h
JOIN raw_doorlooptijden d
  ON d.aanlevering_id = h.aanlevering_id AND date_trunc('month', d.ontvangstdatum) = h.maand
JOIN aanlevering a ON a.id = h.aanlevering_id
WHERE h.soort = 'doorlooptijden' AND h.aanbieder = $aanbieder;
