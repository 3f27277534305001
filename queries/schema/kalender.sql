-- Fill the working-day calendar once: Monday to Friday minus the Dutch public holidays
-- ($feestdagen, from the `holidays` package); werkdag_nr counts working days up to and
-- including each date.
INSERT INTO kalender
SELECT datum, werkdag, sum(werkdag::INTEGER) OVER (ORDER BY datum) AS werkdag_nr
FROM (
    SELECT d::DATE AS datum, isodow(d) <= 5 AND NOT list_contains($feestdagen, d::DATE) AS werkdag
    FROM generate_series($van::DATE, $tot::DATE, INTERVAL 1 DAY) AS t(d)
);
