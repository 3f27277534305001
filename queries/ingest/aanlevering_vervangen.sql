-- A stored delivery replaced by a newer one for the same provider, kind and period.
UPDATE aanlevering SET status = 'vervangen', vervangen_door = $new WHERE id = $old
