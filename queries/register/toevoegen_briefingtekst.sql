-- Append the checked new row (registered as `nieuw`) to reg_briefingtekst; insert-only.
INSERT INTO reg_briefingtekst BY NAME SELECT * FROM nieuw;
