-- Establishing a period's figures ("vaststellen", issue 12). Both tables are insert-only,
-- like the register: a provider's new verdict is a new row (the newest counts), and
-- establishing a period again after a revision is a new row beside the earlier one.

-- A provider's verdict on its own figures of a period: akkoord, or bezwaar with a reason.
CREATE TABLE IF NOT EXISTS vst_oordeel (
    periode VARCHAR NOT NULL, aanbieder VARCHAR NOT NULL, oordeel VARCHAR NOT NULL,
    reden VARCHAR, demo BOOLEAN NOT NULL DEFAULT false,
    vastgelegd_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL
);

-- An established period: what its figures rest on (the deliveries with their hashes, the
-- norms, the register's state, the providers' verdicts) and the figures themselves, as
-- JSON: the kerncijfers per scope ("*" = all providers, else a provider's code) and the
-- kwartaalrapportage's data per scope, so that they can be shown again exactly as they were.
CREATE TABLE IF NOT EXISTS vst_vaststelling (
    periode VARCHAR NOT NULL, vastgesteld_op TIMESTAMP NOT NULL, door VARCHAR NOT NULL,
    aanleveringen VARCHAR NOT NULL, normen VARCHAR NOT NULL, register VARCHAR NOT NULL,
    oordelen VARCHAR NOT NULL, kerncijfers VARCHAR NOT NULL, rapport VARCHAR NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT false
);
