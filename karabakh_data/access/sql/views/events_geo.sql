-- Question: Where did the claimed happenings take place, with coordinates for a map?
--
-- One row per happening on a map: an incident (incidents table) that one or
-- more event records describe, or an event record that describes no
-- incident ("many missiles before", a war of 2008); only where the place
-- (or, failing that, the place containing it) has coordinates. So the five
-- event records on Mingachevir of 9 October are two markers (the two
-- strike incidents) and the background's "many missiles before", not five.
-- Columns: event_id (a lone event's id; for an incident the first of its
-- event records, by id: the row's key and its GeoJSON feature id),
-- incident_id (null for a lone event) and event_ids (all its event records), dates (an incident's derived dates), the ACLED
-- event_type and sub_event_type of event_id, description (the incident's
-- description, else the event's), claim_count (every claim record of the
-- incident, not only events), disputed (any of its claims named by a
-- dispute), claimant (the events' claimants, joined with '; '; claimant_id
-- only for a single claimant), the two actors of event_id, place,
-- latitude/longitude (WGS 84, from general knowledge, approximate: see
-- coord_precision and coords_from), historical and source_id (the sources,
-- joined with ', ').
-- The place of an incident is the incident's own, else the first place of
-- its events. `karabakh-data export events_geo --format geojson` writes it
-- as GeoJSON.
CREATE OR REPLACE VIEW events_geo AS
WITH
named AS (
    SELECT record_id AS id FROM disputes
    UNION SELECT other_record_id FROM disputes WHERE other_record_id IS NOT NULL
),
grouped AS (
    SELECT
        e.incident_id,
        coalesce(e.incident_id, e.event_id) AS happening,
        min(e.event_id) AS event_id,
        list(e.event_id ORDER BY e.event_id) AS event_ids,
        min(e.place_id) AS event_place_id,
        list(DISTINCT coalesce(claimant.name, e.claimant_id) ORDER BY coalesce(claimant.name, e.claimant_id)) AS claimants,
        list(DISTINCT e.claimant_id ORDER BY e.claimant_id) AS claimant_ids,
        list(DISTINCT e.source_id ORDER BY e.source_id) AS source_ids,
        bool_or(e.historical) AS historical,
        bool_or(named.id IS NOT NULL) AS event_disputed
    FROM events AS e
    LEFT JOIN actors AS claimant ON claimant.actor_id = e.claimant_id
    LEFT JOIN named ON named.id = e.event_id
    GROUP BY e.incident_id, coalesce(e.incident_id, e.event_id)
)
SELECT
    g.event_id,
    g.incident_id,
    g.event_ids,
    coalesce(i.date_start, e.date_start) AS date_start,
    coalesce(i.date_end, e.date_end) AS date_end,
    coalesce(i.date_precision, e.date_precision) AS date_precision,
    e.event_type,
    e.sub_event_type,
    i.incident_kind,
    coalesce(i.description, e.description) AS description,
    coalesce(i.claim_count, 1) AS claim_count,
    coalesce(i.disputed, g.event_disputed) AS disputed,
    CASE WHEN len(g.claimant_ids) = 1 THEN g.claimant_ids[1] END AS claimant_id,
    array_to_string(g.claimants, '; ') AS claimant,
    e.actor1_id,
    a1.name AS actor1,
    e.actor2_id,
    a2.name AS actor2,
    p.place_id,
    p.name AS place,
    coalesce(p.latitude, up.latitude) AS latitude,
    coalesce(p.longitude, up.longitude) AS longitude,
    coalesce(p.coord_precision, up.coord_precision) AS coord_precision,
    CASE WHEN p.latitude IS NOT NULL THEN 'place' ELSE 'containing place' END AS coords_from,
    g.historical,
    array_to_string(g.source_ids, ', ') AS source_id,
    e.quote
FROM grouped AS g
JOIN events AS e ON e.event_id = g.event_id
LEFT JOIN incidents AS i ON i.incident_id = g.incident_id
JOIN places AS p ON p.place_id = coalesce(i.place_id, g.event_place_id)
LEFT JOIN places AS up ON up.place_id = p.parent_id
LEFT JOIN actors AS a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors AS a2 ON a2.actor_id = e.actor2_id
WHERE coalesce(p.latitude, up.latitude) IS NOT NULL
ORDER BY date_start NULLS LAST, coalesce(g.incident_id, g.event_id);
