-- Accepted iJw messages (registered by the loader as `_ijw_berichten`).
INSERT INTO ijw_bericht BY NAME SELECT * FROM _ijw_berichten;
