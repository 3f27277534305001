-- Append the checked new rows (registered as `nieuw`) to reg_status; the register is insert-only.
INSERT INTO reg_status BY NAME SELECT * FROM nieuw;
