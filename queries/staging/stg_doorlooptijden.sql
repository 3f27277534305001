-- Current measures with, per milestone, the working days (after receipt, up to and
-- including the milestone) and calendar days it took. A milestone on a weekend day or
-- holiday counts as on the next working day: the deadline of n working days is the n-th
-- working day after receipt, and a Saturday after a Friday deadline is after it (dashboard/workdays.py).
-- refresh: aanbieder, ontvangstdatum
CREATE OR REPLACE TABLE stg_doorlooptijden AS
WITH huidig AS (
    SELECT d.*
    FROM raw_doorlooptijden d
    JOIN huidige_aanlevering h
      ON h.aanlevering_id = d.aanlevering_id AND h.soort = 'doorlooptijden'
     AND h.maand = date_trunc('month', d.ontvangstdatum)
)
SELECT h.*,
       k_r.werkdag_nr AS ontvangst_werkdag_nr,
       k_b.werkdag_nr + (NOT k_b.werkdag)::INTEGER - k_r.werkdag_nr AS beoordeeld_werkdagen,
       k_e.werkdag_nr + (NOT k_e.werkdag)::INTEGER - k_r.werkdag_nr AS eerste_contact_werkdagen,
       k_t.werkdag_nr + (NOT k_t.werkdag)::INTEGER - k_r.werkdag_nr AS risicotaxatie_werkdagen,
       k_m.werkdag_nr + (NOT k_m.werkdag)::INTEGER - k_r.werkdag_nr AS mdo_werkdagen,
       (h.gezinsplan_op - h.ontvangstdatum)::INTEGER AS gezinsplan_dagen
FROM huidig h
JOIN kalender k_r ON k_r.datum = h.ontvangstdatum
LEFT JOIN kalender k_b ON k_b.datum = h.beoordeeld_op
LEFT JOIN kalender k_e ON k_e.datum = h.eerste_contact_op
LEFT JOIN kalender k_t ON k_t.datum = h.risicotaxatie_op
LEFT JOIN kalender k_m ON k_m.datum = h.mdo_op;
