-- The norm register as loaded in the database.
SELECT norm, sleutel, waarde, eenheid, strftime(geldig_vanaf, '%Y-%m-%d') AS geldig_vanaf, omschrijving, bron
FROM norm
ORDER BY norm, sleutel, geldig_vanaf;
