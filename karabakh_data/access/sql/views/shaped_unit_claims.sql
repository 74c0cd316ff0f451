-- Question: Which claims and sources does each row of the UCDP GED- and ACLED-shaped exports stand on?
--
-- One row per unit of precision_codes (an incident, or a war event that
-- describes no incident): its claim records (ids joined by '; '), how many,
-- their distinct claimants and sources, whether a dispute names any of
-- them, the claimants' names, and the sources as GED and ACLED cite them
-- (id and publication date; publisher and title where the text names them),
-- whether every claim is historical (background, not the 2020 war), and
-- the unit's country by one written rule:
--   country         ISO 3166-1 alpha-3 of the unit's place (places.country);
--                   with no place, or a place in no single country (a
--                   border, a region across states), the country of the
--                   parties: the side state (actor_sides) of the target
--                   (actor2) of the unit's event claims, else of the
--                   attacker (actor1), taking the first claim by event_id
--                   whose party's side has a country; only states, their
--                   bodies and forces, and groups count as parties here (a
--                   person or newspaper says where it comes from, not where
--                   the happening was). Empty when neither gives one.
--   country_basis   'place' or 'parties' (empty with no country).
-- to_ucdp_ged, to_acled and the panels all read it, so they count, cite
-- and locate a unit by one rule; its name sorts after actor_sides and
-- precision_codes, which it reads, and before the views that read it.
CREATE OR REPLACE VIEW shaped_unit_claims AS
WITH
unit_claims AS (  -- the claim records of each unit: an incident's claims, or the event itself
    SELECT u.unit_id, c.record_id, c.claimant_id, c.claimant, c.source_id, c.historical
    FROM precision_codes AS u
    JOIN claims AS c
      ON c.record_table <> 'disputes'
     AND ((u.unit = 'incident' AND c.incident_id = u.incident_id) OR (u.unit = 'event' AND c.record_id = u.event_id))
),
per_unit AS (
    SELECT
        uc.unit_id,
        string_agg(DISTINCT uc.record_id, '; ' ORDER BY uc.record_id) AS claims,
        count(*) AS claim_count,
        count(DISTINCT uc.claimant_id) AS claimant_count,
        count(DISTINCT uc.source_id) AS source_count,
        bool_or(EXISTS (SELECT 1 FROM disputes AS d WHERE uc.record_id IN (d.record_id, d.other_record_id))) AS disputed,
        string_agg(DISTINCT uc.claimant, '; ' ORDER BY uc.claimant) AS claimants,
        bool_and(uc.historical) AS historical
    FROM unit_claims AS uc
    GROUP BY uc.unit_id
),
party_countries AS (  -- the parties' side countries, target first, then attacker, by event_id
    SELECT u.unit_id, arg_min(s.side_iso3, (p.role, e.event_id)) AS country
    FROM precision_codes AS u
    JOIN events AS e
      ON (u.unit = 'incident' AND e.incident_id = u.incident_id) OR (u.unit = 'event' AND e.event_id = u.event_id)
    CROSS JOIN LATERAL (VALUES (1, e.actor2_id), (2, e.actor1_id)) AS p(role, actor_id)
    JOIN actor_sides AS s ON s.actor_id = p.actor_id
    WHERE s.side_iso3 IS NOT NULL AND s.actor_type IN ('state', 'government_body', 'armed_force', 'group')
    GROUP BY u.unit_id
),
unit_countries AS (
    SELECT u.unit_id,
           coalesce(pl.country, pc.country) AS country,
           CASE WHEN pl.country IS NOT NULL THEN 'place' WHEN pc.country IS NOT NULL THEN 'parties' END AS country_basis
    FROM precision_codes AS u
    LEFT JOIN places AS pl ON pl.place_id = u.place_id
    LEFT JOIN party_countries AS pc ON pc.unit_id = u.unit_id
),
per_unit_sources AS (
    SELECT
        su.unit_id,
        string_agg(concat(s.source_id, ' (', s.published_date, ')'), '; ' ORDER BY s.published_date, s.source_id) AS source_article,
        string_agg(s.publisher, '; ' ORDER BY s.published_date, s.source_id) AS source_office,
        string_agg(s.published_date::VARCHAR, '; ' ORDER BY s.published_date, s.source_id) AS source_date,
        string_agg(s.title, '; ' ORDER BY s.published_date, s.source_id) AS source_headline
    FROM (SELECT DISTINCT unit_id, source_id FROM unit_claims) AS su
    JOIN sources AS s ON s.source_id = su.source_id
    GROUP BY su.unit_id
)
SELECT pu.*, ps.source_article, ps.source_office, ps.source_date, ps.source_headline, uc.country, uc.country_basis
FROM per_unit AS pu
LEFT JOIN per_unit_sources AS ps ON ps.unit_id = pu.unit_id
LEFT JOIN unit_countries AS uc ON uc.unit_id = pu.unit_id;
