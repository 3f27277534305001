-- Append the checked new rows (registered as `nieuw`) to reg_indicator; the register is insert-only.
INSERT INTO reg_indicator BY NAME SELECT * FROM nieuw;
