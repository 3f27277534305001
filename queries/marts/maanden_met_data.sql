-- Every month for which any current delivery exists, newest first: the periods a user can pick.
SELECT DISTINCT maand FROM huidige_aanlevering ORDER BY maand DESC;
