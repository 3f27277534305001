-- Inflow and outflow per provider and product between consecutive snapshots, for the
-- snapshots that fall in each period (definitions.py: instroom / uitstroom).
SELECT p.periode, s.aanbieder, s.product,
       sum(s.instroom) AS instroom, sum(s.uitstroom) AS uitstroom,
       min(s.vorige_peildatum) AS vanaf, max(s.peildatum) AS tot
FROM perioden($labels, $starts, $ends) p
JOIN stg_wachtlijst_stroom s ON s.peildatum BETWEEN p.p_start AND p.p_eind
WHERE list_contains($aanbieders, s.aanbieder)
GROUP BY ALL
ORDER BY p.periode, s.aanbieder, s.product;
