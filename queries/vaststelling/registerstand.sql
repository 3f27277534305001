-- The state of the recommendations register: how many entries it holds and when the
-- newest was recorded (it is insert-only, so this fixes what it said).
SELECT (SELECT count(*) FROM reg_rapport) + (SELECT count(*) FROM reg_aanbeveling) + (SELECT count(*) FROM reg_maatregel)
         + (SELECT count(*) FROM reg_status) + (SELECT count(*) FROM reg_indicator) AS regels,
       strftime(greatest(
           (SELECT max(vastgelegd_op) FROM reg_rapport), (SELECT max(vastgelegd_op) FROM reg_aanbeveling),
           (SELECT max(vastgelegd_op) FROM reg_maatregel), (SELECT max(vastgelegd_op) FROM reg_status),
           (SELECT max(vastgelegd_op) FROM reg_indicator)), '%Y-%m-%dT%H:%M:%S.%f') AS vastgelegd_tot;
