-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country, and per day or per month, of the war?
--
-- Both war panels in one relation, so that they count the same incidents by
-- rules written once: one row per country and day (month empty) and one per
-- country and month (day empty); war_panel_country_day and
-- war_panel_country_month are its rows of each kind. Balanced: every
-- country that has an incident of the war, every day (month) from the
-- war's first to its last, zeros where nothing was claimed. Order: the
-- day rows, then the month rows, each by iso3 (empty last) and date. Rules:
--   incidents     the incidents whose claims are not all historical (the
--                 war, not its background: 1922, 1991, 2014 are left out of
--                 the panels and stay in incidents). The days run from the
--                 earliest date_start to the latest date_end of those
--                 incidents, the months from the month of the one to that of
--                 the other.
--   country       the incident's country by the rule of shaped_unit_claims
--                 (its place's, or its parties' with no place): iso3 (ISO
--                 3166-1 alpha-3), gwcode (Gleditsch-Ward) and iso_numeric
--                 from the state actor of that country (the crosswalk of
--                 actors, confirmed by pycountry and countrycode); a country
--                 with no state actor in the dataset has empty codes beside
--                 its iso3; incidents with no country are in the rows whose
--                 iso3 is empty.
--   day, month    an incident counts on its day only when it is known to
--                 the day (date_start = date_end), in its month (the month's
--                 first day) only when its dates lie in one calendar month.
--                 An incident known only as a span of several days (months)
--                 is never spread over them: it is not in incidents, the kind
--                 columns, the deaths or the claims of any of them, and is
--                 counted instead in span_incidents of every day (month) its
--                 span covers ("one incident somewhere in these days");
--                 span_incidents must never be summed over days or months.
--                 So a month's counts are its days' counts plus its
--                 incidents known only as a span of several of its days.
--   kinds         one column per incident_kind (the schema's vocabulary, in
--                 its order), dated incidents only; incidents is their total.
--   deaths        deaths_best/low/high: the sum over the day's (month's)
--                 incidents of their derived deaths (codebook 18; distinct
--                 incidents, so the sum adds no claim to another); 0 when
--                 none is given.
--   claims        the claim records of the day's (month's) incidents.
--   disputed_incidents  the day's (month's) incidents any claim of which is
--                 disputed.
-- Its name sorts after shaped_unit_claims, which it reads, and before the
-- two panels, which read it (views are created in file name order).
CREATE OR REPLACE VIEW war_panel_cells AS
WITH
war AS (  -- each incident of the war once per grain, with the first and last day (month) its dates touch
    SELECT
        i.incident_kind, pu.country AS iso3, i.deaths_best, i.deaths_low, i.deaths_high,
        pu.claim_count AS claims, pu.disputed, g.grain,
        CAST(date_trunc(g.grain, i.date_start) AS DATE) AS first_period,
        CAST(date_trunc(g.grain, i.date_end) AS DATE) AS last_period
    FROM incidents AS i
    JOIN shaped_unit_claims AS pu ON pu.unit_id = i.incident_id
    CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
    WHERE NOT pu.historical
),
calendar AS (
    SELECT s.grain, CAST(p AS DATE) AS period
    FROM (SELECT grain, min(first_period) AS first_period, max(last_period) AS last_period FROM war GROUP BY grain) AS s,
         generate_series(s.first_period, s.last_period, CASE s.grain WHEN 'day' THEN INTERVAL 1 DAY ELSE INTERVAL 1 MONTH END) AS g(p)
),
cells AS (  -- the balanced grid; cell is the key the counts are joined on
    SELECT c.iso3, d.grain, d.period, {'grain': d.grain, 'iso3': c.iso3, 'period': d.period} AS cell
    FROM (SELECT DISTINCT iso3 FROM war) AS c
    CROSS JOIN calendar AS d
),
dated AS (  -- the incidents that lie in one day (month): counted in it
    SELECT {'grain': grain, 'iso3': iso3, 'period': first_period} AS cell, *
    FROM war
    WHERE first_period = last_period
),
kinds AS (  -- one column per incident_kind, in the schema's order
    PIVOT (SELECT cell, incident_kind FROM dated)
    ON incident_kind IN ('strike', 'clash', 'death', 'seizure', 'interception', 'destruction', 'meeting', 'call', 'agreement', 'collapse', 'expulsion', 'other')
    USING count(*)
    GROUP BY cell
),
counts AS (
    SELECT
        cell, count(*) AS incidents, sum(deaths_best) AS deaths_best, sum(deaths_low) AS deaths_low, sum(deaths_high) AS deaths_high,
        sum(claims) AS claims, count(*) FILTER (WHERE disputed) AS disputed_incidents
    FROM dated
    GROUP BY cell
),
spans AS (  -- the incidents whose span crosses days (months): counted in every one it covers
    SELECT {'grain': w.grain, 'iso3': w.iso3, 'period': d.period} AS cell, count(*) AS span_incidents
    FROM war AS w
    JOIN calendar AS d ON d.grain = w.grain AND d.period BETWEEN w.first_period AND w.last_period
    WHERE w.first_period < w.last_period
    GROUP BY ALL
),
codes AS (  -- a country's state actor, for its codes
    SELECT country, arg_min(actor_id, actor_id) AS actor_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
)
SELECT
    g.iso3,
    st.gwcode,
    st.iso3166_numeric AS iso_numeric,
    st.name AS country,
    CASE WHEN g.grain = 'day' THEN g.period END AS day,
    CASE WHEN g.grain = 'month' THEN g.period END AS month,
    CAST(coalesce(n.incidents, 0) AS BIGINT) AS incidents,
    CAST(coalesce(COLUMNS(k.* EXCLUDE (cell)), 0) AS BIGINT),
    CAST(coalesce(n.deaths_best, 0) AS BIGINT) AS deaths_best,
    CAST(coalesce(n.deaths_low, 0) AS BIGINT) AS deaths_low,
    CAST(coalesce(n.deaths_high, 0) AS BIGINT) AS deaths_high,
    CAST(coalesce(n.claims, 0) AS BIGINT) AS claims,
    CAST(coalesce(n.disputed_incidents, 0) AS BIGINT) AS disputed_incidents,
    CAST(coalesce(sp.span_incidents, 0) AS BIGINT) AS span_incidents
FROM cells AS g
LEFT JOIN kinds AS k ON k.cell IS NOT DISTINCT FROM g.cell
LEFT JOIN counts AS n ON n.cell IS NOT DISTINCT FROM g.cell
LEFT JOIN spans AS sp ON sp.cell IS NOT DISTINCT FROM g.cell
LEFT JOIN codes AS cc ON cc.country = g.iso3
LEFT JOIN actors AS st ON st.actor_id = cc.actor_id
ORDER BY g.grain, g.iso3 NULLS LAST, g.period;
