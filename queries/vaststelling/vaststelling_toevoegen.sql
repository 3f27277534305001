-- A period established (append-only: establishing again adds a row; the newest counts).
INSERT INTO vst_vaststelling
    (periode, vastgesteld_op, door, aanleveringen, normen, register, oordelen, kerncijfers, rapport, demo)
VALUES ($periode, $vastgesteld_op, $door, $aanleveringen, $normen, $register, $oordelen, $kerncijfers, $rapport, $demo);
