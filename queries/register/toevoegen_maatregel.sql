-- Append the checked new rows (registered as `nieuw`) to reg_maatregel; the register is insert-only.
INSERT INTO reg_maatregel BY NAME SELECT * FROM nieuw;
