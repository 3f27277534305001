-- The iJw messages already stored: sender, identification and content hash (identical
-- messages are stored once; an identification reused with other content is refused).
SELECT agb_code, identificatie, inhoud_sha256, bestand, ontvangen_op, id FROM ijw_bericht;
