-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country and day of the war?
--
-- The country-day panel researchers start from: one row per country and
-- day, balanced (every country that has an incident of the war, every day
-- from the war's first to its last claimed day, zeros where nothing was
-- claimed). Rules:
--   incidents     the incidents whose claims are not all historical (the
--                 war, not its background: 1922, 1991, 2014 are left out of
--                 the panel and stay in incidents). The panel's days run
--                 from the earliest date_start to the latest date_end of
--                 those incidents.
--   country       the incident's country by the rule of shaped_unit_claims
--                 (its place's, or its parties' with no place): iso3 (ISO
--                 3166-1 alpha-3), gwcode (Gleditsch-Ward) and iso_numeric
--                 from the state actor of that country (the crosswalk of
--                 actors, confirmed by pycountry and countrycode); a country
--                 with no state actor in the dataset has empty codes beside
--                 its iso3; incidents with no country are in the rows whose
--                 iso3 is empty.
--   day           an incident counts on its day only when it is known to
--                 the day (date_start = date_end). An incident known only
--                 as a span of several days is never spread over them: it is
--                 not in incidents, the kind columns, the deaths or the
--                 claims of any day, and is counted instead in span_incidents
--                 on every day its span covers ("one incident somewhere in
--                 these days"); span_incidents must never be summed over days.
--   kinds         one column per incident_kind (the schema's vocabulary),
--                 day-dated incidents only; incidents is their total.
--   deaths        deaths_best/low/high: the sum over the day's incidents of
--                 their derived deaths (codebook 18; distinct incidents, so
--                 the sum adds no claim to another); 0 when none is given.
--   claims        the claim records of the day's incidents.
--   disputed_incidents  the day's incidents any claim of which is disputed.
CREATE OR REPLACE VIEW war_panel_country_day AS
WITH
war AS (
    SELECT i.*, pu.country, pu.claim_count AS unit_claims, pu.disputed AS unit_disputed
    FROM incidents AS i
    JOIN shaped_unit_claims AS pu ON pu.unit_id = i.incident_id
    WHERE NOT pu.historical
),
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM (SELECT min(date_start) AS first_day, max(date_end) AS last_day FROM war) AS s,
         generate_series(s.first_day, s.last_day, INTERVAL 1 DAY) AS g(d)
),
countries AS (
    SELECT DISTINCT country FROM war
),
codes AS (
    SELECT country, arg_min(actor_id, actor_id) AS actor_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
),
dated AS (
    SELECT
        country, date_start AS day,
        count(*) AS incidents,
        count(*) FILTER (WHERE incident_kind = 'strike') AS strike,
        count(*) FILTER (WHERE incident_kind = 'clash') AS clash,
        count(*) FILTER (WHERE incident_kind = 'death') AS death,
        count(*) FILTER (WHERE incident_kind = 'seizure') AS seizure,
        count(*) FILTER (WHERE incident_kind = 'interception') AS interception,
        count(*) FILTER (WHERE incident_kind = 'destruction') AS destruction,
        count(*) FILTER (WHERE incident_kind = 'meeting') AS meeting,
        count(*) FILTER (WHERE incident_kind = 'call') AS call,
        count(*) FILTER (WHERE incident_kind = 'agreement') AS agreement,
        count(*) FILTER (WHERE incident_kind = 'collapse') AS collapse,
        count(*) FILTER (WHERE incident_kind = 'expulsion') AS expulsion,
        count(*) FILTER (WHERE incident_kind = 'other') AS other,
        coalesce(sum(deaths_best), 0) AS deaths_best,
        coalesce(sum(deaths_low), 0) AS deaths_low,
        coalesce(sum(deaths_high), 0) AS deaths_high,
        sum(unit_claims) AS claims,
        count(*) FILTER (WHERE unit_disputed) AS disputed_incidents
    FROM war
    WHERE date_start = date_end
    GROUP BY ALL
),
spans AS (
    SELECT w.country, d.day, count(*) AS span_incidents
    FROM war AS w
    JOIN days AS d ON d.day BETWEEN w.date_start AND w.date_end
    WHERE w.date_start < w.date_end
    GROUP BY ALL
)
SELECT
    c.country AS iso3,
    st.gwcode,
    st.iso3166_numeric AS iso_numeric,
    st.name AS country,
    d.day,
    CAST(coalesce(x.incidents, 0) AS BIGINT) AS incidents,
    CAST(coalesce(x.strike, 0) AS BIGINT) AS strike,
    CAST(coalesce(x.clash, 0) AS BIGINT) AS clash,
    CAST(coalesce(x.death, 0) AS BIGINT) AS death,
    CAST(coalesce(x.seizure, 0) AS BIGINT) AS seizure,
    CAST(coalesce(x.interception, 0) AS BIGINT) AS interception,
    CAST(coalesce(x.destruction, 0) AS BIGINT) AS destruction,
    CAST(coalesce(x.meeting, 0) AS BIGINT) AS meeting,
    CAST(coalesce(x.call, 0) AS BIGINT) AS call,
    CAST(coalesce(x.agreement, 0) AS BIGINT) AS agreement,
    CAST(coalesce(x.collapse, 0) AS BIGINT) AS collapse,
    CAST(coalesce(x.expulsion, 0) AS BIGINT) AS expulsion,
    CAST(coalesce(x.other, 0) AS BIGINT) AS other,
    CAST(coalesce(x.deaths_best, 0) AS BIGINT) AS deaths_best,
    CAST(coalesce(x.deaths_low, 0) AS BIGINT) AS deaths_low,
    CAST(coalesce(x.deaths_high, 0) AS BIGINT) AS deaths_high,
    CAST(coalesce(x.claims, 0) AS BIGINT) AS claims,
    CAST(coalesce(x.disputed_incidents, 0) AS BIGINT) AS disputed_incidents,
    CAST(coalesce(sp.span_incidents, 0) AS BIGINT) AS span_incidents
FROM countries AS c
CROSS JOIN days AS d
LEFT JOIN dated AS x ON x.country IS NOT DISTINCT FROM c.country AND x.day = d.day
LEFT JOIN spans AS sp ON sp.country IS NOT DISTINCT FROM c.country AND sp.day = d.day
LEFT JOIN codes AS cc ON cc.country = c.country
LEFT JOIN actors AS st ON st.actor_id = cc.actor_id
ORDER BY c.country NULLS LAST, d.day;
