-- A provider's verdict on its figures of a period (append-only).
INSERT INTO vst_oordeel (periode, aanbieder, oordeel, reden, demo, vastgelegd_op, door)
VALUES ($periode, $aanbieder, $oordeel, $reden, $demo, $vastgelegd_op, $door);
