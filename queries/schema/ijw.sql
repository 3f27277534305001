-- iJw messages (data-contract v2): one row per accepted message, and one row per product
-- line in it. Only the keyed pseudonym of the BSN and the age on the message date are kept
-- about the person; names, birth date, addresses, relatives and comments never reach here.
-- Rows are never updated: a correction (StatusAanlevering 2) or withdrawal (3) is a new
-- row, applied in staging.
CREATE TABLE IF NOT EXISTS ijw_bericht (
    id              INTEGER PRIMARY KEY,
    bestand         VARCHAR NOT NULL,      -- the file name, with anything BSN-like masked
    soort           VARCHAR NOT NULL,      -- JW315 | JW301 | JW305 | JW307
    berichtcode     VARCHAR NOT NULL,
    identificatie   VARCHAR NOT NULL,      -- Header/BerichtIdentificatie/Identificatie
    dagtekening     DATE NOT NULL,         -- Header/BerichtIdentificatie/Dagtekening
    aanbieder       VARCHAR NOT NULL,      -- provider code, found by its AGB code
    agb_code        VARCHAR NOT NULL,
    gemeente        VARCHAR NOT NULL,
    inhoud_sha256   VARCHAR NOT NULL,      -- of what was kept (pseudonymised), not of the file
    producten       INTEGER NOT NULL,
    ontvangen_op    TIMESTAMP NOT NULL,
    demo            BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS raw_ijw (
    bericht_id          INTEGER NOT NULL,
    volgnr              INTEGER NOT NULL,  -- the product line's position in the message
    soort               VARCHAR NOT NULL,
    aanbieder           VARCHAR NOT NULL,
    dagtekening         DATE NOT NULL,
    client              VARCHAR NOT NULL,  -- HMAC-SHA256 pseudonym of the BSN
    leeftijd            INTEGER NOT NULL,  -- whole years on the Dagtekening
    toewijzing_nummer   VARCHAR,
    referentie_aanbieder VARCHAR,
    productcategorie    VARCHAR,
    productcode         VARCHAR,
    product             VARCHAR,           -- the project's product (register ijw_producten)
    toewijzingsdatum    DATE,              -- JW301
    ingangsdatum        DATE,              -- JW301 Ingangsdatum, JW315/305/307 ToewijzingIngangsdatum
    einddatum           DATE,              -- JW301, JW307 (JW315: ToewijzingEinddatum)
    reden_wijziging     VARCHAR,           -- JW301, JZ002
    begindatum          DATE,              -- JW305, JW307
    reden_beeindiging   VARCHAR,           -- JW307, JZ588
    status_aanlevering  VARCHAR            -- JW305, JW307, COD467
);
