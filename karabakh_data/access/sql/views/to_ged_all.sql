-- Question: What do all the claimed violent incidents, fatal or not, look like in UCDP GED's shape (the non-fatal ones flagged)?
--
-- One row per violent unit of precision_codes, in the 49 columns of the UCDP
-- GED event file, in GED's order, then claim-level columns GED has no place
-- for. to_ucdp_ged is this view's rows with lethal = true (GED's unit: an
-- event with at least one death); `karabakh-data export --format ucdp-ged
-- --all` writes this one. Every row is what the claims say, never a UCDP
-- record. Rules (reasons: docs/codebook.md section 19 and
-- docs/using-with-other-datasets.md):
--   rows          incidents of kind strike, clash, death, interception or
--                 destruction (armed force claimed), and 2020-war event
--                 claims with no incident whose event_type is battles,
--                 explosions_remote_violence or violence_against_civilians
--                 (unit 'event', event_clarity 2).
--   lethal        best >= 1: the row is a GED event. false: no claim gives a
--                 death figure (best, low, high and the deaths columns empty).
--   id            an integer, as GED's: -N for incident inc-N, and
--                 -(1000000 + S*1000 + N) for event claim ev-S-N; negative, so
--                 an appended row is told from GED's (id < 0). karabakh_id
--                 (an extra column) is the dataset's own text id.
--   type_of_violence  1 (state-based: the claims are about the forces of
--                 states); conflict, dyad and side ids, conflict_name,
--                 dyad_name, relid, code_status, active_year, region: empty,
--                 because no public UCDP record of this war's conflict or
--                 its dyads could be confirmed (ids are never typed from memory).
--   country       the unit's country (shaped_unit_claims: its place's, or
--                 its parties' when it has no place; country_basis says
--                 which), named and coded as the state actor of that country
--                 (country_id = actors.gwcode, Gleditsch-Ward).
--   side_a        that state as GED names a government (actor_sides.
--                 ged_side_name, "Government of Azerbaijan"): GED's side A
--                 is the government side. side_b: the other sides
--                 (actor_sides, following the actors' parents) of the
--                 states, bodies and forces the unit's event claims name as
--                 actor1/actor2, joined by '; '; empty when they name none.
--                 gwnoa/gwnob: their Gleditsch-Ward codes.
--   best, low, high  the incident's derived deaths (codebook 18), with
--                 low <= best <= high enforced (a missing bound is best).
--   deaths_a/b/civilians/unknown  add up to best, 0 rather than empty: best
--                 goes in the one column all the unit's killed claims belong
--                 to (civilian; military of side A's or side B's state;
--                 population and party not said) and the other three are 0;
--                 when the claims do not split that way (mixed, or a party
--                 on no side), all of best is deaths_unknown, never a sum
--                 of claims.
--   where_prec    precision_codes; a unit with no place, or a place in no
--                 single country, is placed at its country: 6 (coordinates
--                 of the country's place record, general knowledge), or 7
--                 when no country can be given either. priogrid_gid is empty
--                 at 6 and 7 (PRIO-GRID leaves such events out).
--   date          precision_codes (date_prec); year empty when the dates
--                 span two years.
--   sources       number_of_sources = the unit's source documents;
--                 source_article/source_date from sources; source_office
--                 and source_headline from sources.publisher/title (empty:
--                 the texts name none); source_original = the claimants.
--   extra         karabakh_id, lethal, unit, claims (record ids),
--                 claim_count, claimant_count, disputed, historical,
--                 country_basis, description.
CREATE OR REPLACE VIEW to_ged_all AS
WITH
unit_events AS (
    SELECT u.unit_id, e.*
    FROM precision_codes AS u
    JOIN events AS e
      ON (u.unit = 'incident' AND e.incident_id = u.incident_id)
      OR (u.unit = 'event' AND e.event_id = u.event_id)
),
named_sides AS (  -- the sides of the states, bodies and forces each unit's claims name
    SELECT DISTINCT ue.unit_id, s.side_id, s.ged_side_name, s.side_gwcode
    FROM unit_events AS ue
    JOIN actor_sides AS s ON s.actor_id IN (ue.actor1_id, ue.actor2_id)
    WHERE s.side_id IS NOT NULL AND s.actor_type IN ('state', 'government_body', 'armed_force')
),
country_states AS (  -- the state actor of each country
    SELECT country, arg_min(actor_id, actor_id) AS actor_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
),
country_places AS (  -- the place record of each country (its coordinates stand for a unit placed only at its country)
    SELECT country, arg_min(place_id, place_id) AS place_id FROM places WHERE place_type = 'country' AND country IS NOT NULL GROUP BY country
),
chosen AS (
    SELECT u.*, i.incident_kind, i.description AS incident_description,
           i.deaths_best AS best,
           least(coalesce(i.deaths_low, i.deaths_best), i.deaths_best) AS low,
           greatest(coalesce(i.deaths_high, i.deaths_best), i.deaths_best) AS high,
           pu.country AS unit_country, pu.country_basis,
           (p.country IS NOT NULL) AS placed,
           p.name AS place_name, p.latitude, p.longitude, p.priogrid_gid, p.coord_precision AS place_coords,
           cp.name AS country_place_name, cp.latitude AS country_latitude, cp.longitude AS country_longitude,
           CASE WHEN p.place_type = 'district' THEN p.name WHEN parent.place_type = 'district' THEN parent.name END AS adm_1,
           home.name AS country_name, home.gwcode AS country_gwcode,
           sa.actor_id AS side_a_id, sa.ged_side_name AS side_a, sa.side_gwcode AS gwnoa
    FROM precision_codes AS u
    JOIN shaped_unit_claims AS pu ON pu.unit_id = u.unit_id
    LEFT JOIN incidents AS i ON i.incident_id = u.incident_id
    LEFT JOIN places AS p ON p.place_id = u.place_id
    LEFT JOIN places AS parent ON parent.place_id = p.parent_id
    LEFT JOIN country_places AS cpl ON cpl.country = pu.country
    LEFT JOIN places AS cp ON cp.place_id = cpl.place_id
    LEFT JOIN country_states AS cs ON cs.country = pu.country
    LEFT JOIN actors AS home ON home.actor_id = cs.actor_id
    LEFT JOIN actor_sides AS sa ON sa.actor_id = cs.actor_id
    WHERE (u.unit = 'incident' AND i.incident_kind IN ('strike', 'clash', 'death', 'interception', 'destruction'))
       OR (u.unit = 'event' AND EXISTS (
              SELECT 1 FROM events AS e WHERE e.event_id = u.event_id
              AND e.event_type IN ('battles', 'explosions_remote_violence', 'violence_against_civilians')))
),
sides_b AS (
    SELECT c.unit_id,
           string_agg(n.ged_side_name, '; ' ORDER BY n.ged_side_name) AS side_b,
           string_agg(n.side_gwcode::VARCHAR, ';' ORDER BY n.ged_side_name) AS gwnob
    FROM chosen AS c
    JOIN named_sides AS n ON n.unit_id = c.unit_id AND n.side_id IS DISTINCT FROM c.side_a_id
    GROUP BY c.unit_id
),
killed AS (  -- which single GED deaths column every killed claim of the unit belongs to ('unknown' if none)
    SELECT c.unit_id,
           CASE
               WHEN bool_and(coalesce(x.population = 'civilian', false)) THEN 'civilians'
               WHEN bool_and(coalesce(x.population = 'military' AND ps.side_id = c.side_a_id, false)) THEN 'a'
               WHEN bool_and(coalesce(x.population = 'military' AND ps.side_id IS DISTINCT FROM c.side_a_id
                             AND ps.side_id IN (SELECT n.side_id FROM named_sides AS n WHERE n.unit_id = c.unit_id), false)) THEN 'b'
               ELSE 'unknown'
           END AS deaths_column
    FROM chosen AS c
    JOIN casualties AS x ON x.incident_id = c.incident_id AND x.outcome = 'killed'
    LEFT JOIN actor_sides AS ps ON ps.actor_id = x.party_id
    GROUP BY c.unit_id, c.side_a_id
),
located AS (
    SELECT c.*,
           coalesce(c.best, 0) >= 1 AS lethal,
           CASE WHEN c.best IS NULL THEN NULL ELSE coalesce(k.deaths_column, 'unknown') END AS deaths_column,
           CASE WHEN c.placed AND c.where_prec IS NOT NULL THEN c.where_prec WHEN c.unit_country IS NOT NULL THEN 6 ELSE 7 END AS ged_where_prec
    FROM chosen AS c
    LEFT JOIN killed AS k ON k.unit_id = c.unit_id
),
historical AS (
    SELECT unit_id, bool_and(historical) AS historical FROM unit_events GROUP BY unit_id
)
SELECT
    CASE
        WHEN regexp_full_match(c.unit_id, 'inc-[0-9]+') THEN -CAST(regexp_extract(c.unit_id, '[0-9]+') AS BIGINT)
        ELSE -(1000000 + CAST(regexp_extract(c.unit_id, 'ev-([0-9]+)-([0-9]+)', 1) AS BIGINT) * 1000
                       + CAST(regexp_extract(c.unit_id, 'ev-([0-9]+)-([0-9]+)', 2) AS BIGINT))
    END AS id,
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
    c.side_a,
    NULL::BIGINT AS side_b_dset_id,
    NULL::BIGINT AS side_b_new_id,
    sb.side_b,
    pu.source_count AS number_of_sources,
    pu.source_article,
    pu.source_office,
    pu.source_date,
    pu.source_headline,
    pu.claimants AS source_original,
    CAST(c.ged_where_prec AS BIGINT) AS where_prec,
    CASE WHEN c.ged_where_prec <= 5 THEN c.place_name ELSE c.country_name END AS where_coordinates,
    CASE
        WHEN c.ged_where_prec <= 5 THEN concat('coordinates of ', c.place_name, ' from general knowledge (', c.place_coords, '), not from the sources')
        WHEN c.country_latitude IS NOT NULL THEN concat('placed at its country (', c.country_basis, '); coordinates of ', c.country_place_name, ' from general knowledge, not from the sources')
    END AS where_description,
    c.adm_1,
    NULL::VARCHAR AS adm_2,
    CASE WHEN c.ged_where_prec <= 5 THEN c.latitude ELSE c.country_latitude END AS latitude,
    CASE WHEN c.ged_where_prec <= 5 THEN c.longitude ELSE c.country_longitude END AS longitude,
    CASE
        WHEN c.ged_where_prec <= 5 AND c.latitude IS NOT NULL THEN concat('POINT (', c.longitude, ' ', c.latitude, ')')
        WHEN c.ged_where_prec > 5 AND c.country_latitude IS NOT NULL THEN concat('POINT (', c.country_longitude, ' ', c.country_latitude, ')')
    END AS geom_wkt,
    CASE WHEN c.ged_where_prec <= 5 THEN c.priogrid_gid END AS priogrid_gid,
    c.country_name AS country,
    c.country_gwcode AS country_id,
    NULL::VARCHAR AS region,
    CAST(CASE c.unit WHEN 'incident' THEN 1 ELSE 2 END AS BIGINT) AS event_clarity,
    c.date_prec,
    c.date_start,
    c.date_end,
    CASE WHEN c.deaths_column IS NOT NULL THEN CASE WHEN c.deaths_column = 'a' THEN c.best ELSE 0 END END AS deaths_a,
    CASE WHEN c.deaths_column IS NOT NULL THEN CASE WHEN c.deaths_column = 'b' THEN c.best ELSE 0 END END AS deaths_b,
    CASE WHEN c.deaths_column IS NOT NULL THEN CASE WHEN c.deaths_column = 'civilians' THEN c.best ELSE 0 END END AS deaths_civilians,
    CASE WHEN c.deaths_column IS NOT NULL THEN CASE WHEN c.deaths_column = 'unknown' THEN c.best ELSE 0 END END AS deaths_unknown,
    c.best,
    c.high,
    c.low,
    CAST(c.gwnoa AS VARCHAR) AS gwnoa,
    sb.gwnob,
    c.unit_id AS karabakh_id,
    c.lethal,
    c.unit,
    pu.claims,
    pu.claim_count,
    pu.claimant_count,
    pu.disputed,
    coalesce(h.historical, false) AS historical,
    c.country_basis,
    coalesce(c.incident_description, (SELECT e.description FROM events AS e WHERE e.event_id = c.event_id)) AS description
FROM located AS c
JOIN shaped_unit_claims AS pu ON pu.unit_id = c.unit_id
LEFT JOIN sides_b AS sb ON sb.unit_id = c.unit_id
LEFT JOIN historical AS h ON h.unit_id = c.unit_id
ORDER BY c.date_start NULLS LAST, c.unit_id;
