-- Each asked-for period's newest snapshot per provider: what the marts marked
-- `-- by snapshot` compute a period's figures from (warehouse._same_snapshots).
SELECT periode, aanbieder, peildatum
FROM nieuwste_momentopname($labels, $starts, $ends, $aanbieders)
ORDER BY periode, aanbieder;
