-- Each provider's newest snapshot in each asked-for period: the one snapshot every waitlist
-- figure of a period is computed on (definitions.py, wachtenden). A macro, so the marts share
-- one definition; created here because it reads stg_snapshot.
CREATE OR REPLACE MACRO nieuwste_momentopname(labels, starts, ends, aanbieders) AS TABLE
    SELECT p.periode, s.aanbieder, max(s.peildatum) AS peildatum
    FROM perioden(labels, starts, ends) p
    JOIN stg_snapshot s ON s.peildatum BETWEEN p.p_start AND p.p_eind
    WHERE list_contains(aanbieders, s.aanbieder)
    GROUP BY ALL;
