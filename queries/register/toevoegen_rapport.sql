-- Append the checked new rows (registered as `nieuw`) to reg_rapport; the register is insert-only.
INSERT INTO reg_rapport BY NAME SELECT * FROM nieuw;
