-- Every version of the advisor's text for the briefing of $periode, newest first: the first
-- row is the one printed.
SELECT periode, tekst, door, vastgelegd_op, demo
FROM reg_briefingtekst
WHERE periode = $periode
ORDER BY vastgelegd_op DESC;
