-- How many measure rows the register holds (zero: nothing recorded yet).
SELECT count(*) AS n FROM reg_maatregel;
