-- The current toelichting per provider, period, theme and author (the newest row of each),
-- for the providers and periods asked for, with how many versions it has had. Themes in
-- the order of $themas, then period and author (the provider's own before the municipality's).
SELECT aanbieder, periode, thema, namens, tekst, door, vastgelegd_op, demo,
       count(*) OVER (PARTITION BY aanbieder, periode, thema, namens) AS versies
FROM reg_toelichting
WHERE list_contains($aanbieders, aanbieder) AND list_contains($perioden, periode)
QUALIFY row_number() OVER (PARTITION BY aanbieder, periode, thema, namens ORDER BY vastgelegd_op DESC) = 1
ORDER BY list_position($themas, thema), aanbieder, periode, namens = 'GEMEENTE', vastgelegd_op;
