-- Allocations (JW301), one row per (provider, ToewijzingNummer). A later JW301 with the
-- same number changes the allocation (RedenWijziging, JZ002): its Toewijzingsdatum and
-- reference come from the first allocation (the version without RedenWijziging, else the
-- earliest), its end date and product from the newest version; RedenWijziging 13
-- ("Verwijderd") in the newest version means it was never sent and drops it.
-- The answered request: the newest JW315 line of the same client, provider and
-- ReferentieAanbieder dated on or before the Toewijzingsdatum. Within the norm when the
-- working days after the request up to and including the Toewijzingsdatum are <= the
-- norm `ijw_toewijzing_werkdagen` valid on the Toewijzingsdatum.
CREATE OR REPLACE TABLE stg_ijw_toewijzing AS
WITH versies AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY r.aanbieder, r.toewijzing_nummer
                              ORDER BY r.reden_wijziging IS NOT NULL, r.dagtekening, r.bericht_id, r.volgnr) AS eerste_nr,
           row_number() OVER (PARTITION BY r.aanbieder, r.toewijzing_nummer
                              ORDER BY r.dagtekening DESC, r.bericht_id DESC, r.volgnr DESC) AS nieuwste_nr
    FROM raw_ijw r
    WHERE r.soort = 'JW301'
),
toewijzing AS (
    SELECT e.aanbieder, e.toewijzing_nummer, e.client, e.leeftijd,
           e.referentie_aanbieder, e.toewijzingsdatum,
           e.reden_wijziging IS NULL AS eerste_toewijzing,
           coalesce(n.product, e.product, 'onbekend') AS product,
           n.ingangsdatum, n.einddatum, n.reden_wijziging AS laatste_reden_wijziging
    FROM versies e
    JOIN versies n ON n.aanbieder = e.aanbieder AND n.toewijzing_nummer = e.toewijzing_nummer AND n.nieuwste_nr = 1
    WHERE e.eerste_nr = 1 AND n.reden_wijziging IS DISTINCT FROM '13'
),
met_verzoek AS (
    SELECT t.*, v.verzoekdatum,
           row_number() OVER (PARTITION BY t.aanbieder, t.toewijzing_nummer
                              ORDER BY v.verzoekdatum DESC NULLS LAST, v.bericht_id DESC NULLS LAST) AS nr
    FROM toewijzing t
    LEFT JOIN stg_ijw_verzoek v
      ON v.aanbieder = t.aanbieder AND v.client = t.client
     AND v.referentie_aanbieder = t.referentie_aanbieder AND v.verzoekdatum <= t.toewijzingsdatum
)
SELECT m.aanbieder, m.toewijzing_nummer, m.client, m.leeftijd, m.referentie_aanbieder, m.product,
       m.toewijzingsdatum, m.eerste_toewijzing, m.ingangsdatum, m.einddatum, m.verzoekdatum,
       (m.toewijzingsdatum - m.verzoekdatum)::INTEGER AS dagen_verzoek_toewijzing,
       kt.werkdag_nr - kv.werkdag_nr AS werkdagen_verzoek_toewijzing,
       n.waarde AS norm_werkdagen,
       CASE WHEN m.verzoekdatum IS NOT NULL THEN kt.werkdag_nr - kv.werkdag_nr <= n.waarde END AS binnen_norm
FROM met_verzoek m
LEFT JOIN kalender kv ON kv.datum = m.verzoekdatum
LEFT JOIN kalender kt ON kt.datum = m.toewijzingsdatum
LEFT JOIN norm_geldig n
  ON n.norm = 'ijw_toewijzing_werkdagen' AND m.toewijzingsdatum >= n.geldig_vanaf AND m.toewijzingsdatum < n.geldig_tot
WHERE m.nr = 1;
