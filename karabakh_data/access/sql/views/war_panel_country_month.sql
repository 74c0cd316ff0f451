-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country and month of the war?
--
-- war_panel_country_day by calendar month: one row per country and month,
-- balanced (every country that has an incident of the war, every month
-- from the war's first to its last, zeros where nothing was claimed), with
-- the day panel's rules except for the date. Order by iso3 (empty last) and
-- month. Each count is the sum over the rows of war_incidents, the same
-- rows the day panel sums:
--   iso3, gwcode, iso_numeric, country   as in the day panel.
--   month         the first day of the month. The panel's months run from
--                 the month of the earliest date_start to that of the latest
--                 date_end of the war's incidents. An incident counts in its
--                 month when its dates lie in one calendar month (its month
--                 in war_incidents), so a month's counts are its days' counts
--                 in the day panel plus its incidents known only as a span
--                 of several of its days. An incident whose span crosses
--                 months is never spread over them: it is counted instead in
--                 span_incidents of every month its span covers;
--                 span_incidents must never be summed over months.
--   incidents, one column per incident_kind, deaths_best/low/high, claims,
--   disputed_incidents   the sums of those columns of war_incidents over the
--                 month's incidents; 0 when there are none.
CREATE OR REPLACE VIEW war_panel_country_month AS
WITH
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM (SELECT date_trunc('month', min(date_start)) AS first_month, date_trunc('month', max(date_end)) AS last_month FROM war_incidents) AS s,
         generate_series(s.first_month, s.last_month, INTERVAL 1 MONTH) AS g(m)
),
countries AS (
    SELECT DISTINCT iso3, gwcode, iso_numeric, country FROM war_incidents
),
dated AS (  -- every count column of war_incidents (what follows month), summed over the month's incidents
    SELECT iso3, month, sum(COLUMNS(w.* EXCLUDE (incident_id, incident_kind, iso3, gwcode, iso_numeric, country, date_start, date_end, day, month)))
    FROM war_incidents AS w
    WHERE month IS NOT NULL
    GROUP BY iso3, month
),
spans AS (
    SELECT w.iso3, m.month, count(*) AS span_incidents
    FROM war_incidents AS w
    JOIN months AS m ON m.month BETWEEN date_trunc('month', w.date_start) AND date_trunc('month', w.date_end)
    WHERE w.month IS NULL
    GROUP BY ALL
)
SELECT
    c.iso3, c.gwcode, c.iso_numeric, c.country, m.month,
    CAST(coalesce(COLUMNS(x.* EXCLUDE (iso3, month)), 0) AS BIGINT),
    CAST(coalesce(sp.span_incidents, 0) AS BIGINT) AS span_incidents
FROM countries AS c
CROSS JOIN months AS m
LEFT JOIN dated AS x ON x.iso3 IS NOT DISTINCT FROM c.iso3 AND x.month = m.month
LEFT JOIN spans AS sp ON sp.iso3 IS NOT DISTINCT FROM c.iso3 AND sp.month = m.month
ORDER BY c.iso3 NULLS LAST, m.month;
