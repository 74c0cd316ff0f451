-- Question: Which incidents of the war do the country panels count, in which country, on which day and in which month?
--
-- One row per incident of the war: an incident whose claims are not all
-- historical (the war, not its background: 1922, 1991, 2014 are left out
-- and stay in incidents), with what it counts for in the panels.
-- war_panel_country_day and war_panel_country_month are sums of these rows,
-- so both count an incident by the rules written here once. Order by iso3
-- (empty last), date_start and incident_id. Columns:
--   incident_id, incident_kind, date_start, date_end   as in incidents.
--   iso3         the incident's country by the rule of shaped_unit_claims
--                (its place's, or its parties' with no place; ISO 3166-1
--                alpha-3); empty when neither gives one.
--   gwcode, iso_numeric, country   Gleditsch-Ward code, ISO 3166-1 numeric
--                code and name of the state actor of that country (the
--                crosswalk of actors, confirmed by pycountry and
--                countrycode); empty for a country with no state actor in
--                the dataset.
--   day          the day the incident is known to (date_start = date_end);
--                empty for an incident known only as a span of several days,
--                which is never put on one of them, and for one with no date.
--   month        the first day of the calendar month its dates lie in;
--                empty when its span crosses months, or with no date.
--   incidents .. disputed_incidents   what the incident adds to the panels'
--                column of the same name: incidents 1; one column per
--                incident_kind (the schema's vocabulary, in its order), 1 for
--                its kind and 0 for the others; deaths_best/low/high its
--                derived deaths (codebook 18; empty when none is given);
--                claims its claim records; disputed_incidents 1 when any of
--                its claims is disputed, else 0.
-- Its name sorts after shaped_unit_claims, which it reads, and before the
-- panels, which read it (views are created in file name order).
CREATE OR REPLACE VIEW war_incidents AS
WITH
codes AS (  -- a country's state actor, for its codes
    SELECT country, arg_min(actor_id, actor_id) AS actor_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
),
kinds AS (  -- one column per incident_kind, in the schema's order: 1 for the incident's kind, 0 for the others
    PIVOT (SELECT incident_id, incident_kind FROM incidents)
    ON incident_kind IN ('strike', 'clash', 'death', 'seizure', 'interception', 'destruction', 'meeting', 'call', 'agreement', 'collapse', 'expulsion', 'other')
    USING count(*)
    GROUP BY incident_id
)
SELECT
    i.incident_id,
    i.incident_kind,
    pu.country AS iso3,
    st.gwcode,
    st.iso3166_numeric AS iso_numeric,
    st.name AS country,
    i.date_start,
    i.date_end,
    CASE WHEN i.date_start = i.date_end THEN i.date_start END AS day,
    CASE WHEN date_trunc('month', i.date_start) = date_trunc('month', i.date_end) THEN CAST(date_trunc('month', i.date_start) AS DATE) END AS month,
    CAST(1 AS BIGINT) AS incidents,
    k.* EXCLUDE (incident_id),
    i.deaths_best,
    i.deaths_low,
    i.deaths_high,
    pu.claim_count AS claims,
    CAST(coalesce(pu.disputed, false) AS BIGINT) AS disputed_incidents
FROM incidents AS i
JOIN shaped_unit_claims AS pu ON pu.unit_id = i.incident_id
JOIN kinds AS k ON k.incident_id = i.incident_id
LEFT JOIN codes AS cc ON cc.country = pu.country
LEFT JOIN actors AS st ON st.actor_id = cc.actor_id
WHERE NOT pu.historical
ORDER BY iso3 NULLS LAST, i.date_start, i.incident_id;
