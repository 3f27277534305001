-- The municipality's register of inspection recommendations (README, "The recommendations
-- register"). Every table is insert-only: a correction is a new row with the same id and a
-- later vastgelegd_op, and the status history of a measure is all of its rows. There is no
-- UPDATE or DELETE anywhere in the register's code.

CREATE TABLE IF NOT EXISTS reg_rapport (
    id VARCHAR NOT NULL, instantie VARCHAR NOT NULL, datum DATE, titel VARCHAR NOT NULL,
    bron VARCHAR, demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS reg_aanbeveling (
    id VARCHAR NOT NULL, rapport_id VARCHAR NOT NULL, nummer VARCHAR NOT NULL,
    bevinding VARCHAR, tekst VARCHAR NOT NULL, adressaten VARCHAR[] NOT NULL, toelichting VARCHAR,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS reg_maatregel (
    id VARCHAR NOT NULL, aanbeveling_id VARCHAR NOT NULL, adressaat VARCHAR NOT NULL,
    omschrijving VARCHAR NOT NULL, eigenaar VARCHAR NOT NULL, deadline DATE NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS reg_status (
    maatregel_id VARCHAR NOT NULL, datum DATE NOT NULL, status VARCHAR NOT NULL,
    toelichting VARCHAR, bewijs VARCHAR, demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

-- A measure's linked indicator: a figure of indicators.CATALOG, where, the target and by when.
CREATE TABLE IF NOT EXISTS reg_indicator (
    maatregel_id VARCHAR NOT NULL, cijfer VARCHAR NOT NULL, aanbieder VARCHAR NOT NULL,
    product VARCHAR, team VARCHAR, vergelijking VARCHAR NOT NULL, doel DOUBLE NOT NULL,
    doeldatum DATE NOT NULL,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

-- A meeting (regieoverleg) is a report of its own kind, its agreements are measures: the
-- same model, status history and judging as an inspection's measures. NULL: an inspection
-- report (databases made before meetings were recorded have no such column yet).
ALTER TABLE reg_rapport ADD COLUMN IF NOT EXISTS soort VARCHAR;

-- A factual explanation (toelichting) per provider, period and theme, by the provider itself
-- or by the municipality (`namens`: the provider's code or GEMEENTE). Insert-only: the newest
-- row per provider, period, theme and author is the current text, older ones its history.
CREATE TABLE IF NOT EXISTS reg_toelichting (
    aanbieder VARCHAR NOT NULL, periode VARCHAR NOT NULL, thema VARCHAR NOT NULL,
    namens VARCHAR NOT NULL, tekst VARCHAR NOT NULL, demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

-- The advisor's own words for the wethouderbriefing of a period. Insert-only: the newest
-- row per period is printed, older ones are its history.
CREATE TABLE IF NOT EXISTS reg_briefingtekst (
    periode VARCHAR NOT NULL, tekst VARCHAR NOT NULL, demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);
