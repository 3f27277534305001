-- Inflow and outflow between consecutive snapshots, per provider and product: client_ids
-- new in the later snapshot / gone from it.
-- refresh: aanbieder, peildatum
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
