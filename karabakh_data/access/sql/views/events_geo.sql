-- Question: Where did the claimed events happen, with coordinates for a map?
--
-- One row per event whose place (or, failing that, the place containing it)
-- has coordinates: date, ACLED type, description, claimant, the two actors,
-- place, latitude/longitude (WGS 84, from general knowledge, approximate:
-- see coord_precision and coords_from) and whether the event is disputed.
-- `karabakh-data export events_geo --format geojson` writes it as GeoJSON.
CREATE OR REPLACE VIEW events_geo AS
SELECT
    e.event_id,
    e.date_start,
    e.date_end,
    e.date_precision,
    e.event_type,
    e.sub_event_type,
    e.description,
    e.claimant_id,
    claimant.name AS claimant,
    e.actor1_id,
    a1.name AS actor1,
    e.actor2_id,
    a2.name AS actor2,
    e.place_id,
    p.name AS place,
    coalesce(p.latitude, up.latitude) AS latitude,
    coalesce(p.longitude, up.longitude) AS longitude,
    coalesce(p.coord_precision, up.coord_precision) AS coord_precision,
    CASE WHEN p.latitude IS NOT NULL THEN 'place' ELSE 'containing place' END AS coords_from,
    EXISTS (SELECT 1 FROM disputes AS d WHERE d.record_id = e.event_id) AS disputed,
    e.historical,
    e.source_id,
    e.quote
FROM events AS e
JOIN places AS p ON p.place_id = e.place_id
LEFT JOIN places AS up ON up.place_id = p.parent_id
LEFT JOIN actors AS claimant ON claimant.actor_id = e.claimant_id
LEFT JOIN actors AS a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors AS a2 ON a2.actor_id = e.actor2_id
WHERE coalesce(p.latitude, up.latitude) IS NOT NULL
ORDER BY e.date_start NULLS LAST, e.event_id;
