-- Every version of the toelichtingen of the providers and periods asked for, newest first.
SELECT aanbieder, periode, thema, namens, tekst, door, vastgelegd_op, demo
FROM reg_toelichting
WHERE list_contains($aanbieders, aanbieder) AND list_contains($perioden, periode)
ORDER BY vastgelegd_op DESC;
