-- Question: What do the claimed events look like in ACLED's shape, to set beside ACLED?
--
-- One row per unit of precision_codes that has an event claim (incidents
-- with at least one event record, and 2020-war event claims that describe no
-- incident: unit 'event') and a date ACLED can code, in the 31 columns of
-- ACLED's current export, in ACLED's order, then claim-level columns ACLED
-- has no place for. Every row is what the claims say, never an ACLED record.
-- Left out: incidents with no event claim (meetings, calls, conversations,
-- historical acts recorded as territory facts), units whose dates span
-- more than 31 days (time_precision empty: ACLED's coarsest code, 3, is a
-- month, so ACLED records no such event), and units that neither their
-- place nor their parties put in a country (ACLED codes every event to a
-- country; none is so on the current data). Rules (docs/codebook.md section 19
-- and docs/using-with-other-datasets.md give the reasons):
--   event_id_cnty  our stable id (inc-NNN or ev-...), never an ACLED id.
--   event_date     date_start for time_precision 1; for 2 and 3 the middle
--                  day of date_start..date_end (ACLED's mid-point rule). The
--                  bounds are in the extra columns date_start and date_end.
--   event_type, sub_event_type, disorder_type  from the unit's event claim
--                  with the most violent type (battles, then explosions/
--                  remote violence, violence against civilians, riots,
--                  protests, strategic developments); among equally violent
--                  claims the one that names the attacker (actor1), then the
--                  one that names the target (actor2), then event_id: a claim
--                  that says only "fighting broke out" never hides another
--                  that names who attacked (the war's start, inc-006). In
--                  ACLED's spelling; every claimed sub-type is listed in
--                  claimed_sub_event_types. The dataset's codes are kept as
--                  coded (a shoot-down is Disrupted weapons use, codebook 7).
--   actor1, actor2 that claim's actor1/actor2 (the dataset's names, not
--                  ACLED's actor list); assoc_actor_1/2 empty.
--   inter1, inter2, interaction  ACLED's text categories: states, their
--                  bodies and armed forces 'State forces'; international
--                  organisations 'External/Other forces'; persons, media and
--                  groups 'Civilians'; interaction from the pair's codes
--                  (lower first; 'X only' without actor2), ACLED's wording.
--   civilian_targeting  'Civilian targeting' when actor2 is Civilians.
--   iso, country   the unit's country (shaped_unit_claims: its place's, or
--                  its parties' with no place; country_basis says which):
--                  the state's ISO 3166-1 numeric (unpadded) and name.
--   region         ACLED's region of the country: 'Caucasus and Central
--                  Asia' for Armenia, Azerbaijan and Georgia (ACLED's
--                  methodology page for that region, which codes the
--                  Nagorno-Karabakh conflict,
--                  https://acleddata.com/methodology/acleds-methodology-central-asia-and-caucasus;
--                  the region's name as ACLED's API guide lists it, in the R
--                  package acled.api, R/supp.fun.R,
--                  https://github.com/chris-dworschak/acled.api/blob/1f7d9dc1f468454a621d940f1e4999f04cf8597b/R/supp.fun.R);
--                  empty for other countries (not confirmed).
--   admin1         the place or its parent if a district; admin2, admin3,
--                  source_scale, tags, timestamp empty.
--   location, latitude, longitude, geo_precision  the place (coordinates
--                  from general knowledge, 4 decimals) and precision_codes.
--                  A unit with no place, or a place in no single country, is
--                  located at its country: location is the country's name,
--                  the coordinates its place record's, geo_precision 3
--                  (ACLED's coarsest: "a larger region is mentioned",
--                  mapme.biodiversity R/calc_fatalities_acled.R quoting
--                  ACLED's codebook,
--                  https://rdrr.io/github/mapme-initiative/mapme.biodiversity/src/R/calc_fatalities_acled.R);
--                  location_basis says 'place' or 'country'.
--   source         the source documents (id and date); the claimants are in
--                  the extra column claimants.
--   notes          the incident's (or event's) description.
--   fatalities     the incident's deaths_low (ACLED records the most
--                  conservative estimate); 0 where no claim gives a death
--                  figure, as ACLED writes an event with no reported deaths,
--                  and the extra column fatalities_unknown is then true.
--   extra          unit, claims, claim_count, claimants, disputed,
--                  historical, date_start, date_end, claimed_sub_event_types,
--                  fatalities_unknown, country_basis, location_basis.
CREATE OR REPLACE VIEW to_acled AS
WITH
type_names AS (
    SELECT * FROM (VALUES
        ('battles', 'Battles', 'Political violence', 1),
        ('explosions_remote_violence', 'Explosions/Remote violence', 'Political violence', 2),
        ('violence_against_civilians', 'Violence against civilians', 'Political violence', 3),
        ('riots', 'Riots', 'Demonstrations', 4),
        ('protests', 'Protests', 'Demonstrations', 5),
        ('strategic_developments', 'Strategic developments', 'Strategic developments', 6)
    ) AS t(event_type, acled_event_type, disorder_type, violence_rank)
),
sub_names AS (
    SELECT * FROM (VALUES
        ('armed_clash', 'Armed clash'),
        ('government_regains_territory', 'Government regains territory'),
        ('non_state_actor_overtakes_territory', 'Non-state actor overtakes territory'),
        ('air_drone_strike', 'Air/drone strike'),
        ('shelling_artillery_missile_attack', 'Shelling/artillery/missile attack'),
        ('remote_explosive', 'Remote explosive/landmine/IED'),
        ('attack', 'Attack'),
        ('abduction', 'Abduction/forced disappearance'),
        ('peaceful_protest', 'Peaceful protest'),
        ('violent_demonstration', 'Violent demonstration'),
        ('disrupted_weapons_use', 'Disrupted weapons use'),
        ('looting_property_destruction', 'Looting/property destruction'),
        ('change_to_group_activity', 'Change to group/activity'),
        ('agreement', 'Agreement'),
        ('other', 'Other')
    ) AS s(sub_event_type, acled_sub_event_type)
),
inter_names AS (
    SELECT * FROM (VALUES
        (1, 'State forces'), (2, 'Rebel group'), (3, 'Political militia'), (4, 'Identity militia'),
        (5, 'Rioters'), (6, 'Protesters'), (7, 'Civilians'), (8, 'External/Other forces')
    ) AS n(code, inter)
),
interaction_names AS (  -- ACLED's interaction codes and their wording (the pairs that can occur here)
    SELECT * FROM (VALUES
        (10, 'State forces only'), (11, 'State forces-State forces'), (17, 'State forces-Civilians'),
        (18, 'State forces-External/Other forces'), (70, 'Civilians only'), (77, 'Civilians-Civilians'),
        (78, 'External/Other forces-Civilians'), (80, 'External/Other forces only'),
        (88, 'External/Other forces-External/Other forces')
    ) AS n(code, interaction)
),
actor_inter AS (
    SELECT actor_id, name,
           CASE
               WHEN actor_type IN ('state', 'government_body', 'armed_force') THEN 1
               WHEN actor_type = 'international_organisation' THEN 8
               WHEN actor_type IN ('person', 'media', 'group') THEN 7
           END AS code
    FROM actors
),
unit_events AS (
    SELECT u.unit_id, e.*, t.violence_rank, t.acled_event_type, t.disorder_type, s.acled_sub_event_type,
           row_number() OVER (PARTITION BY u.unit_id ORDER BY t.violence_rank, e.actor1_id IS NULL, e.actor2_id IS NULL, e.event_id) AS pick
    FROM precision_codes AS u
    JOIN events AS e
      ON (u.unit = 'incident' AND e.incident_id = u.incident_id)
      OR (u.unit = 'event' AND e.event_id = u.event_id)
    JOIN type_names AS t ON t.event_type = e.event_type
    JOIN sub_names AS s ON s.sub_event_type = e.sub_event_type
),
per_unit_events AS (
    SELECT unit_id,
           string_agg(DISTINCT acled_sub_event_type, '; ' ORDER BY acled_sub_event_type) AS claimed_sub_event_types,
           bool_and(historical) AS historical
    FROM unit_events GROUP BY unit_id
),
regions AS (  -- ACLED's region of the countries it was confirmed for (see the header)
    SELECT * FROM (VALUES ('ARM', 'Caucasus and Central Asia'), ('AZE', 'Caucasus and Central Asia'), ('GEO', 'Caucasus and Central Asia')) AS r(country, region)
),
country_states AS (  -- the state actor of each country
    SELECT country, arg_min(actor_id, actor_id) AS actor_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
),
country_places AS (  -- the place record of each country
    SELECT country, arg_min(place_id, place_id) AS place_id FROM places WHERE place_type = 'country' AND country IS NOT NULL GROUP BY country
),
rows AS (
    SELECT
        u.*, ue.acled_event_type, ue.acled_sub_event_type, ue.disorder_type,
        a1.name AS actor1, a1.code AS code1, a2.name AS actor2, a2.code AS code2,
        i.description AS incident_description, ue.description AS event_description, i.deaths_low,
        p.country IS NOT NULL AND u.geo_precision IS NOT NULL AS placed,
        p.name AS place_name, p.latitude, p.longitude,
        cp.name AS country_place_name, cp.latitude AS country_latitude, cp.longitude AS country_longitude,
        CASE WHEN p.place_type = 'district' THEN p.name WHEN parent.place_type = 'district' THEN parent.name END AS admin1,
        home.name AS country_name, home.iso3166_numeric, rg.region, pu.country_basis
    FROM precision_codes AS u
    JOIN unit_events AS ue ON ue.unit_id = u.unit_id AND ue.pick = 1
    JOIN shaped_unit_claims AS pu ON pu.unit_id = u.unit_id
    LEFT JOIN actor_inter AS a1 ON a1.actor_id = ue.actor1_id
    LEFT JOIN actor_inter AS a2 ON a2.actor_id = ue.actor2_id
    LEFT JOIN incidents AS i ON i.incident_id = u.incident_id
    LEFT JOIN places AS p ON p.place_id = u.place_id
    LEFT JOIN places AS parent ON parent.place_id = p.parent_id
    LEFT JOIN country_states AS cs ON cs.country = pu.country
    LEFT JOIN actors AS home ON home.actor_id = cs.actor_id
    LEFT JOIN country_places AS cpl ON cpl.country = pu.country
    LEFT JOIN places AS cp ON cp.place_id = cpl.place_id
    LEFT JOIN regions AS rg ON rg.country = pu.country
    WHERE u.time_precision IS NOT NULL AND pu.country IS NOT NULL
)
SELECT
    r.unit_id AS event_id_cnty,
    CASE
        WHEN r.time_precision = 1 THEN r.date_start
        ELSE CAST(r.date_start + CAST((r.span_days - 1) // 2 AS INTEGER) AS DATE)
    END AS event_date,
    CAST(CASE WHEN year(r.date_start) = year(r.date_end) THEN year(r.date_start) END AS BIGINT) AS "year",
    r.time_precision,
    r.disorder_type,
    r.acled_event_type AS event_type,
    r.acled_sub_event_type AS sub_event_type,
    r.actor1,
    NULL::VARCHAR AS assoc_actor_1,
    n1.inter AS inter1,
    r.actor2,
    NULL::VARCHAR AS assoc_actor_2,
    n2.inter AS inter2,
    ix.interaction,
    CASE WHEN r.code2 = 7 THEN 'Civilian targeting' END AS civilian_targeting,
    CAST(r.iso3166_numeric AS BIGINT) AS iso,
    r.region,
    r.country_name AS country,
    r.admin1,
    NULL::VARCHAR AS admin2,
    NULL::VARCHAR AS admin3,
    CASE WHEN r.placed THEN r.place_name ELSE r.country_name END AS location,
    round(CASE WHEN r.placed THEN r.latitude ELSE r.country_latitude END, 4) AS latitude,
    round(CASE WHEN r.placed THEN r.longitude ELSE r.country_longitude END, 4) AS longitude,
    CAST(CASE WHEN r.placed THEN r.geo_precision WHEN r.country_latitude IS NOT NULL THEN 3 END AS BIGINT) AS geo_precision,
    pu.source_article AS source,
    NULL::VARCHAR AS source_scale,
    coalesce(r.incident_description, r.event_description) AS notes,
    coalesce(r.deaths_low, 0) AS fatalities,
    NULL::VARCHAR AS tags,
    NULL::BIGINT AS "timestamp",
    r.unit,
    pu.claims,
    pu.claim_count,
    pu.claimants,
    pu.disputed,
    pe.historical,
    r.date_start,
    r.date_end,
    pe.claimed_sub_event_types,
    r.deaths_low IS NULL AS fatalities_unknown,
    r.country_basis,
    CASE WHEN r.placed THEN 'place' WHEN r.country_latitude IS NOT NULL THEN 'country' END AS location_basis
FROM rows AS r
JOIN shaped_unit_claims AS pu ON pu.unit_id = r.unit_id
JOIN per_unit_events AS pe ON pe.unit_id = r.unit_id
LEFT JOIN inter_names AS n1 ON n1.code = r.code1
LEFT JOIN inter_names AS n2 ON n2.code = r.code2
LEFT JOIN interaction_names AS ix
  ON ix.code = CASE WHEN r.code1 IS NULL THEN NULL
                    WHEN r.code2 IS NULL THEN r.code1 * 10
                    ELSE least(r.code1, r.code2) * 10 + greatest(r.code1, r.code2) END
ORDER BY r.date_start NULLS LAST, r.unit_id;
