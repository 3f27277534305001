-- Requests for an allocation (JW315): one row per requested product line, dated by the
-- message's Dagtekening.
CREATE OR REPLACE TABLE stg_ijw_verzoek AS
SELECT r.bericht_id, r.volgnr, r.aanbieder, r.client, r.leeftijd, r.referentie_aanbieder,
       coalesce(r.product, 'onbekend') AS product, r.dagtekening AS verzoekdatum
FROM raw_ijw r
WHERE r.soort = 'JW315';
