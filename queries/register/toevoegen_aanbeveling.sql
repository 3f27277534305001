-- Append the checked new rows (registered as `nieuw`) to reg_aanbeveling; the register is insert-only.
INSERT INTO reg_aanbeveling BY NAME SELECT * FROM nieuw;
