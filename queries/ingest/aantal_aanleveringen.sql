-- How many deliveries the database holds (zero: an empty database, which `serve` fills with the demo).
SELECT count(*) AS n FROM aanlevering;
