-- The newest verdict of each of the chosen providers on its figures of a period.
SELECT periode, aanbieder, oordeel, reden, demo, vastgelegd_op, door
FROM vst_oordeel
WHERE periode = $periode AND list_contains($aanbieders, aanbieder)
QUALIFY row_number() OVER (PARTITION BY aanbieder ORDER BY vastgelegd_op DESC) = 1
ORDER BY aanbieder;
