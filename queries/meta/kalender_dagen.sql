-- Whether the working-day calendar still has to be filled.
SELECT count(*) AS dagen FROM kalender
