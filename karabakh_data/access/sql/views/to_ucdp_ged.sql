-- Question: What do the claimed violent incidents look like in UCDP GED's shape, to set beside GED?
--
-- One row per violent unit of precision_codes, in the 49 columns of the UCDP
-- GED event file, in GED's order, then claim-level columns GED has no place
-- for. Every row is what the claims say, never a UCDP record. Rules (the
-- full list and reasons: docs/codebook.md section 19, and
-- docs/using-with-other-datasets.md):
--   rows          incidents of kind strike, clash, death, interception or
--                 destruction (armed force claimed), and 2020-war event
--                 claims with no incident whose event_type is battles,
--                 explosions_remote_violence or violence_against_civilians
--                 (unit 'event', event_clarity 2). Left out: meetings,
--                 calls, agreements, collapses, expulsions, seizures and
--                 'other' incidents (no armed force claimed).
--   id            our stable id (inc-NNN or ev-...), text: never a UCDP id.
--   type_of_violence  1 (state-based: the claims are about the forces of
--                 states); conflict, dyad and side ids, conflict_name,
--                 dyad_name, relid, code_status, active_year, region: empty,
--                 because no public UCDP record of this war's conflict (an
--                 id "388" was suggested for it) or its dyads could be confirmed.
--   side_a        the state whose internationally recognised territory the
--                 unit is on (its place's country; with no place, the
--                 country of the place nagorno-karabakh): GED's side A is
--                 the government side. side_b: the other states the unit's
--                 event claims name as actor1/actor2 (an actor counts for
--                 its state through its country; groups of civilians are
--                 not a side); empty when the claims name none.
--                 gwnoa/gwnob: their Gleditsch-Ward codes (actors.gwcode).
--   best, low, high  the incident's derived deaths (deaths_best/low/high,
--                 codebook 18); empty where no claim gives a death figure
--                 (no claim says "no one was killed", so no 0 is given).
--   deaths_a/b/civilians/unknown  the derived best, in the one column its
--                 killed claims all belong to (civilian; military of side
--                 A's or side B's state; population or party not said);
--                 empty otherwise: splitting would add claims up.
--   where/date    precision_codes; coordinates and priogrid_gid of the
--                 place (general knowledge, see where_description);
--                 country/country_id: the place country's state and gwcode.
--   sources       number_of_sources = the unit's source documents;
--                 source_article/source_date from sources; source_office
--                 and source_headline from sources.publisher/title (empty:
--                 the texts name none); source_original = the claimants.
--   extra         unit, claims (record ids), claim_count, claimant_count,
--                 disputed, historical, description.
CREATE OR REPLACE VIEW to_ucdp_ged AS
WITH
unit_events AS (
    SELECT u.unit_id, e.*
    FROM precision_codes AS u
    JOIN events AS e
      ON (u.unit = 'incident' AND e.incident_id = u.incident_id)
      OR (u.unit = 'event' AND e.event_id = u.event_id)
),
state_of AS (  -- each actor's state: itself if a state, else the state actor of its country
    SELECT a.actor_id, a.actor_type, coalesce(CASE WHEN a.actor_type = 'state' THEN a.actor_id END, s.actor_id) AS state_id
    FROM actors AS a
    LEFT JOIN actors AS s ON s.actor_type = 'state' AND s.country = a.country
),
named_states AS (
    SELECT DISTINCT ue.unit_id, so.state_id
    FROM unit_events AS ue
    JOIN state_of AS so ON so.actor_id IN (ue.actor1_id, ue.actor2_id)
    WHERE so.state_id IS NOT NULL AND so.actor_type <> 'group'
),
chosen AS (
    SELECT u.*, i.incident_kind, i.description AS incident_description, i.disputed AS incident_disputed,
           i.deaths_best, i.deaths_low, i.deaths_high, i.source_count, i.claimant_count AS incident_claimants,
           p.name AS place_name, p.latitude, p.longitude, p.priogrid_gid, p.coord_precision AS place_coords,
           coalesce(p.country, (SELECT country FROM places WHERE place_id = 'nagorno-karabakh')) AS side_a_country,
           CASE WHEN p.place_type = 'district' THEN p.name WHEN parent.place_type = 'district' THEN parent.name END AS adm_1,
           home.name AS country_name, home.gwcode AS country_gwcode
    FROM precision_codes AS u
    LEFT JOIN incidents AS i ON i.incident_id = u.incident_id
    LEFT JOIN places AS p ON p.place_id = u.place_id
    LEFT JOIN places AS parent ON parent.place_id = p.parent_id
    LEFT JOIN actors AS home ON home.actor_type = 'state' AND home.country = p.country
    WHERE (u.unit = 'incident' AND i.incident_kind IN ('strike', 'clash', 'death', 'interception', 'destruction'))
       OR (u.unit = 'event' AND EXISTS (
              SELECT 1 FROM events AS e WHERE e.event_id = u.event_id
              AND e.event_type IN ('battles', 'explosions_remote_violence', 'violence_against_civilians')))
),
sides AS (
    SELECT c.unit_id, sa.actor_id AS side_a_id, sa.name AS side_a, sa.gwcode AS gwnoa,
           (SELECT string_agg(b.name, '; ' ORDER BY b.name) FROM named_states AS n JOIN actors AS b ON b.actor_id = n.state_id
             WHERE n.unit_id = c.unit_id AND n.state_id IS DISTINCT FROM sa.actor_id) AS side_b,
           (SELECT string_agg(b.actor_id, ';' ORDER BY b.name) FROM named_states AS n JOIN actors AS b ON b.actor_id = n.state_id
             WHERE n.unit_id = c.unit_id AND n.state_id IS DISTINCT FROM sa.actor_id) AS side_b_ids,
           (SELECT string_agg(b.gwcode::VARCHAR, ';' ORDER BY b.name) FROM named_states AS n JOIN actors AS b ON b.actor_id = n.state_id
             WHERE n.unit_id = c.unit_id AND n.state_id IS DISTINCT FROM sa.actor_id) AS gwnob
    FROM chosen AS c
    LEFT JOIN actors AS sa ON sa.actor_type = 'state' AND sa.country = c.side_a_country
),
killed AS (  -- which single GED deaths column the unit's killed claims all belong to, if any
    SELECT u.unit_id,
           CASE
               WHEN bool_and(x.population = 'civilian') THEN 'civilians'
               WHEN bool_and(x.population = 'military' AND so.state_id IS NOT NULL AND so.state_id = s.side_a_id) THEN 'a'
               WHEN bool_and(x.population = 'military' AND so.state_id IS NOT NULL AND so.state_id = s.side_b_ids) THEN 'b'
               WHEN bool_and(x.population = 'unknown' AND x.party_id IS NULL) THEN 'unknown'
           END AS deaths_column
    FROM precision_codes AS u
    JOIN casualties AS x ON x.incident_id = u.incident_id AND x.outcome = 'killed'
    JOIN sides AS s ON s.unit_id = u.unit_id
    LEFT JOIN state_of AS so ON so.actor_id = x.party_id
    GROUP BY u.unit_id
),
historical AS (
    SELECT unit_id, bool_and(historical) AS historical FROM unit_events GROUP BY unit_id
)
SELECT
    c.unit_id AS id,
    NULL::VARCHAR AS relid,
    CAST(CASE WHEN year(c.date_start) = year(c.date_end) THEN year(c.date_start) END AS BIGINT) AS "year",
    NULL::BIGINT AS active_year,
    NULL::VARCHAR AS code_status,
    CAST(1 AS BIGINT) AS type_of_violence,
    NULL::BIGINT AS conflict_dset_id,
    NULL::BIGINT AS conflict_new_id,
    NULL::VARCHAR AS conflict_name,
    NULL::BIGINT AS dyad_dset_id,
    NULL::BIGINT AS dyad_new_id,
    NULL::VARCHAR AS dyad_name,
    NULL::BIGINT AS side_a_dset_id,
    NULL::BIGINT AS side_a_new_id,
    s.side_a,
    NULL::BIGINT AS side_b_dset_id,
    NULL::BIGINT AS side_b_new_id,
    s.side_b,
    pu.source_count AS number_of_sources,
    pu.source_article,
    pu.source_office,
    pu.source_date,
    pu.source_headline,
    pu.claimants AS source_original,
    c.where_prec,
    c.place_name AS where_coordinates,
    CASE WHEN c.place_name IS NOT NULL THEN concat('coordinates of ', c.place_name, ' from general knowledge (', c.place_coords, '), not from the sources') END AS where_description,
    c.adm_1,
    NULL::VARCHAR AS adm_2,
    c.latitude,
    c.longitude,
    CASE WHEN c.latitude IS NOT NULL THEN concat('POINT (', c.longitude, ' ', c.latitude, ')') END AS geom_wkt,
    c.priogrid_gid,
    c.country_name AS country,
    c.country_gwcode AS country_id,
    NULL::VARCHAR AS region,
    CAST(CASE c.unit WHEN 'incident' THEN 1 ELSE 2 END AS BIGINT) AS event_clarity,
    c.date_prec,
    c.date_start,
    c.date_end,
    CASE WHEN k.deaths_column = 'a' THEN c.deaths_best END AS deaths_a,
    CASE WHEN k.deaths_column = 'b' THEN c.deaths_best END AS deaths_b,
    CASE WHEN k.deaths_column = 'civilians' THEN c.deaths_best END AS deaths_civilians,
    CASE WHEN k.deaths_column = 'unknown' THEN c.deaths_best END AS deaths_unknown,
    c.deaths_best AS best,
    c.deaths_high AS high,
    c.deaths_low AS low,
    CAST(s.gwnoa AS VARCHAR) AS gwnoa,
    s.gwnob,
    c.unit,
    pu.claims,
    pu.claim_count,
    pu.claimant_count,
    pu.disputed,
    coalesce(h.historical, false) AS historical,
    coalesce(c.incident_description, (SELECT e.description FROM events AS e WHERE e.event_id = c.event_id)) AS description
FROM chosen AS c
JOIN sides AS s ON s.unit_id = c.unit_id
JOIN shaped_unit_claims AS pu ON pu.unit_id = c.unit_id
LEFT JOIN killed AS k ON k.unit_id = c.unit_id
LEFT JOIN historical AS h ON h.unit_id = c.unit_id
ORDER BY c.date_start NULLS LAST, c.unit_id;
