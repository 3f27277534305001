-- The accepted deliveries of a session (registered as _deliveries), by column name.
INSERT INTO aanlevering BY NAME SELECT * FROM _deliveries
