-- The product lines of the accepted iJw messages (registered as `_ijw_regels`).
INSERT INTO raw_ijw BY NAME SELECT * FROM _ijw_regels;
