-- Append the checked new row (registered as `nieuw`) to reg_toelichting; insert-only.
INSERT INTO reg_toelichting BY NAME SELECT * FROM nieuw;
