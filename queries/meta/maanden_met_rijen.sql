-- The months with rows: months with an extract, and months with iJw messages (that
-- traffic may run ahead of the extracts). Marts are computed for these and their quarters.
SELECT DISTINCT maand FROM huidige_aanlevering
UNION
SELECT DISTINCT date_trunc('month', dagtekening)::DATE FROM ijw_bericht
