-- What identifies a status update: an import that repeats one adds nothing.
SELECT maatregel_id, datum, status, toelichting, bewijs FROM reg_status;
