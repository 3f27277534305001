-- Little's law per provider and product: wachtenden / (mean monthly uitstroom over the
-- last 3 months up to the newest snapshot) x 4.35 weeks. NULL ("onbekend") when the
-- outflow is 0.
-- by snapshot: a period's rows follow from the providers' newest snapshots in it alone.
WITH snap AS (SELECT * FROM nieuwste_momentopname($labels, $starts, $ends, $aanbieders)),
wachtend AS (
    SELECT s.periode, s.aanbieder, pr.product, count(w.client_id) AS wachtenden
    FROM snap s
    JOIN product pr ON pr.aanbieder = s.aanbieder
    LEFT JOIN stg_wachtlijst w ON w.aanbieder = s.aanbieder AND w.peildatum = s.peildatum AND w.product = pr.product
    GROUP BY ALL
),
uit AS (
    SELECT s.periode, st.aanbieder, st.product,
           sum(st.uitstroom) AS uitstroom_3m,
           count(DISTINCT date_trunc('month', st.peildatum)) AS maanden
    FROM snap s
    JOIN stg_wachtlijst_stroom st
      ON st.aanbieder = s.aanbieder AND st.peildatum <= s.peildatum
     AND st.peildatum >= date_trunc('month', s.peildatum) - INTERVAL 2 MONTH
    GROUP BY ALL
)
SELECT w.periode, w.aanbieder, w.product, w.wachtenden,
       u.uitstroom_3m / nullif(u.maanden, 0) AS uitstroom_per_maand,
       w.wachtenden / nullif(u.uitstroom_3m / nullif(u.maanden, 0), 0) * 4.35 AS verwachte_doorlooptijd_weken
FROM wachtend w
LEFT JOIN uit u USING (periode, aanbieder, product)
ORDER BY w.periode, w.aanbieder, w.product;
