-- The store: every delivery with its provenance, and every row of every delivery.
-- Rows are never updated or deleted; a re-delivery adds rows and marks the earlier
-- delivery `vervangen`, so history stays complete.


CREATE TABLE IF NOT EXISTS aanlevering (
    id              INTEGER PRIMARY KEY,
    bestand         VARCHAR NOT NULL,
    aanbieder       VARCHAR NOT NULL,
    soort           VARCHAR NOT NULL,
    periode         VARCHAR NOT NULL,
    periode_start   DATE NOT NULL,
    periode_eind    DATE NOT NULL,
    sha256          VARCHAR NOT NULL,
    bytes           BIGINT NOT NULL,
    ontvangen_op    TIMESTAMP NOT NULL,
    rijen           INTEGER NOT NULL,
    status          VARCHAR NOT NULL,      -- geladen | vervangen
    vervangt        INTEGER,               -- the delivery this one replaced
    vervangen_door  INTEGER,
    wijzigingen     VARCHAR,               -- what changed against the replaced delivery
    waarschuwingen  VARCHAR,               -- JSON list of findings
    demo            BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS raw_wachtlijst (
    aanlevering_id INTEGER NOT NULL, aanbieder VARCHAR, peildatum DATE, client_id VARCHAR,
    product VARCHAR, wacht_op VARCHAR, aanmelddatum DATE, urgentie VARCHAR, overbrugging BOOLEAN,
    gebied VARCHAR, leeftijd BIGINT
);

CREATE TABLE IF NOT EXISTS raw_gestart (
    aanlevering_id INTEGER NOT NULL, aanbieder VARCHAR, client_id VARCHAR, product VARCHAR,
    aanmelddatum DATE, startdatum DATE, urgentie VARCHAR
);

CREATE TABLE IF NOT EXISTS raw_personeel (
    aanlevering_id INTEGER NOT NULL, aanbieder VARCHAR, periode DATE, team VARCHAR, functie VARCHAR,
    bezetting_fte DOUBLE, bezetting_personen BIGINT, instroom_personen BIGINT,
    uitstroom_personen BIGINT, vacatures_fte DOUBLE, inhuur_fte DOUBLE, verzuim_pct DOUBLE,
    skj_geregistreerd_personen BIGINT
);

CREATE TABLE IF NOT EXISTS raw_caseload (
    aanlevering_id INTEGER NOT NULL, aanbieder VARCHAR, peildatum DATE, team VARCHAR, product VARCHAR,
    casussen BIGINT, casushouders_fte DOUBLE, zonder_vaste_casushouder BIGINT,
    contact_binnen_3_maanden BIGINT
);

CREATE TABLE IF NOT EXISTS raw_doorlooptijden (
    aanlevering_id INTEGER NOT NULL, aanbieder VARCHAR, client_id VARCHAR, product VARCHAR,
    maatregel_id VARCHAR, ontvangstdatum DATE, beoordeeld_op DATE, eerste_contact_op DATE,
    risicotaxatie_op DATE, mdo_op DATE, gezinsplan_op DATE
);

-- Registers shipped in data/registers, reloaded on every write so an edited CSV takes effect.
CREATE TABLE IF NOT EXISTS norm (
    norm VARCHAR, sleutel VARCHAR, waarde DOUBLE, eenheid VARCHAR, geldig_vanaf DATE,
    omschrijving VARCHAR, bron VARCHAR
);
CREATE TABLE IF NOT EXISTS aanbieder (code VARCHAR, naam VARCHAR, soort VARCHAR, agb_code VARCHAR);
-- Databases made before the iJw messages (data-contract v2) get the AGB column too.
ALTER TABLE aanbieder ADD COLUMN IF NOT EXISTS agb_code VARCHAR;
CREATE TABLE IF NOT EXISTS product (aanbieder VARCHAR, product VARCHAR, omschrijving VARCHAR);

-- Working-day calendar: werkdag_nr counts working days up to and including the date, so
-- "working days after R up to and including D" is werkdag_nr(D) - werkdag_nr(R).
CREATE TABLE IF NOT EXISTS kalender (datum DATE PRIMARY KEY, werkdag BOOLEAN, werkdag_nr INTEGER);

-- The periods a mart is asked for, as a table: marts compute every figure per period, so
-- a trend line and kerncijfers for one period run the very same query.
CREATE OR REPLACE MACRO perioden(labels, starts, ends) AS TABLE
    SELECT unnest(labels) AS periode, unnest(starts)::DATE AS p_start, unnest(ends)::DATE AS p_eind;

-- Each norm with the range in which it holds: [geldig_vanaf, geldig_tot). A plain join
-- on this range picks the norm valid on a date.
CREATE OR REPLACE VIEW norm_geldig AS
SELECT norm, sleutel, waarde, eenheid, geldig_vanaf,
       lead(geldig_vanaf, 1, DATE '9999-12-31') OVER (PARTITION BY norm, sleutel ORDER BY geldig_vanaf) AS geldig_tot,
       omschrijving, bron
FROM norm;
