-- When and with which queries and registers the marts were computed.
CREATE OR REPLACE TABLE mart_meta AS SELECT $d::DATE AS berekend_op, $f AS vingerafdruk
