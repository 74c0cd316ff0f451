-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country and day of the war?
--
-- The country-day panel researchers start from: one row per country and
-- day, balanced (every country that has an incident of the war, every day
-- from the war's first to its last claimed day, zeros where nothing was
-- claimed). Order by iso3 (empty last) and day. Each count is the sum over
-- the rows of war_incidents, which says what an incident counts for (the
-- war only, its country and codes, its kind, deaths, claims and dispute):
--   iso3, gwcode, iso_numeric, country   the incidents' country and its
--                 codes; incidents with no country are in the rows whose
--                 iso3 is empty.
--   day           the panel's days run from the earliest date_start to the
--                 latest date_end of the war's incidents. An incident counts
--                 on its day only when it is known to the day (its day in
--                 war_incidents). An incident known only as a span of
--                 several days is never spread over them: it is not in
--                 incidents, the kind columns, the deaths or the claims of
--                 any day, and is counted instead in span_incidents on
--                 every day its span covers ("one incident somewhere in
--                 these days"); span_incidents must never be summed over days.
--   incidents, one column per incident_kind, deaths_best/low/high, claims,
--   disputed_incidents   the sums of those columns of war_incidents over the
--                 day's incidents (distinct incidents, so a sum of deaths
--                 adds no claim to another); 0 when there are none.
CREATE OR REPLACE VIEW war_panel_country_day AS
WITH
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM (SELECT min(date_start) AS first_day, max(date_end) AS last_day FROM war_incidents) AS s,
         generate_series(s.first_day, s.last_day, INTERVAL 1 DAY) AS g(d)
),
countries AS (
    SELECT DISTINCT iso3, gwcode, iso_numeric, country FROM war_incidents
),
dated AS (  -- every count column of war_incidents (what follows month), summed over the day's incidents
    SELECT iso3, day, sum(COLUMNS(w.* EXCLUDE (incident_id, incident_kind, iso3, gwcode, iso_numeric, country, date_start, date_end, day, month)))
    FROM war_incidents AS w
    WHERE day IS NOT NULL
    GROUP BY iso3, day
),
spans AS (
    SELECT w.iso3, d.day, count(*) AS span_incidents
    FROM war_incidents AS w
    JOIN days AS d ON d.day BETWEEN w.date_start AND w.date_end
    WHERE w.day IS NULL
    GROUP BY ALL
)
SELECT
    c.iso3, c.gwcode, c.iso_numeric, c.country, d.day,
    CAST(coalesce(COLUMNS(x.* EXCLUDE (iso3, day)), 0) AS BIGINT),
    CAST(coalesce(sp.span_incidents, 0) AS BIGINT) AS span_incidents
FROM countries AS c
CROSS JOIN days AS d
LEFT JOIN dated AS x ON x.iso3 IS NOT DISTINCT FROM c.iso3 AND x.day = d.day
LEFT JOIN spans AS sp ON sp.iso3 IS NOT DISTINCT FROM c.iso3 AND sp.day = d.day
ORDER BY c.iso3 NULLS LAST, d.day;
