-- Every waitlist snapshot per provider, with the one before it. A delivered file without
-- rows is a snapshot too (nobody waiting); it counts on the last day of its period.
CREATE OR REPLACE TABLE stg_snapshot AS
WITH alle AS (
    SELECT DISTINCT aanbieder, peildatum FROM stg_wachtlijst
    UNION
    SELECT a.aanbieder, a.periode_eind
    FROM aanlevering a
    WHERE a.soort = 'wachtlijst' AND a.rijen = 0
      AND a.id IN (SELECT aanlevering_id FROM huidige_aanlevering WHERE soort = 'wachtlijst')
)
SELECT aanbieder, peildatum,
       lag(peildatum) OVER (PARTITION BY aanbieder ORDER BY peildatum) AS vorige_peildatum
FROM alle;

-- Each provider's newest snapshot in each asked-for period: the one snapshot every waitlist
-- figure of a period is computed on (metrics.md, "wachtenden"). A macro, so the marts share
-- one definition; created here because it reads stg_snapshot.
CREATE OR REPLACE MACRO nieuwste_momentopname(labels, starts, ends, aanbieders) AS TABLE
    SELECT p.periode, s.aanbieder, max(s.peildatum) AS peildatum
    FROM perioden(labels, starts, ends) p
    JOIN stg_snapshot s ON s.peildatum BETWEEN p.p_start AND p.p_eind
    WHERE list_contains(aanbieders, s.aanbieder)
    GROUP BY ALL;

-- Inflow and outflow between consecutive snapshots, per provider and product: client_ids
-- new in the later snapshot / gone from it.
CREATE OR REPLACE TABLE stg_wachtlijst_stroom AS
WITH paren AS (
    SELECT s.aanbieder, s.peildatum, s.vorige_peildatum, p.product
    FROM stg_snapshot s JOIN product p ON p.aanbieder = s.aanbieder
    WHERE s.vorige_peildatum IS NOT NULL
),
nu AS (SELECT aanbieder, peildatum, product, client_id FROM stg_wachtlijst),
nieuw AS (
    SELECT pr.aanbieder, pr.peildatum, pr.product, count(*) AS n
    FROM paren pr
    JOIN nu c ON c.aanbieder = pr.aanbieder AND c.peildatum = pr.peildatum AND c.product = pr.product
    ANTI JOIN nu v ON v.aanbieder = pr.aanbieder AND v.peildatum = pr.vorige_peildatum
                  AND v.product = pr.product AND v.client_id = c.client_id
    GROUP BY ALL
),
weg AS (
    SELECT pr.aanbieder, pr.peildatum, pr.product, count(*) AS n
    FROM paren pr
    JOIN nu v ON v.aanbieder = pr.aanbieder AND v.peildatum = pr.vorige_peildatum AND v.product = pr.product
    ANTI JOIN nu c ON c.aanbieder = pr.aanbieder AND c.peildatum = pr.peildatum
                  AND c.product = pr.product AND c.client_id = v.client_id
    GROUP BY ALL
)
SELECT pr.aanbieder, pr.peildatum, pr.vorige_peildatum, pr.product,
       coalesce(nieuw.n, 0) AS instroom, coalesce(weg.n, 0) AS uitstroom
FROM paren pr
LEFT JOIN nieuw USING (aanbieder, peildatum, product)
LEFT JOIN weg USING (aanbieder, peildatum, product);
