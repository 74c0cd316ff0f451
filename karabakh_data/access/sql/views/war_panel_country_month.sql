-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country and month of the war?
--
-- war_panel_country_day by calendar month: one row per country and month
-- (its first day), balanced (every country that has an incident of the
-- war, every month from the war's first to its last, zeros where nothing
-- was claimed). Order by iso3 (empty last) and month. The rows of
-- war_panel_cells that have a month, counted by the day panel's rules
-- (written there once) but for the date: an incident counts in its month
-- when its dates lie in that month, so a month's counts are its days'
-- counts plus its incidents known only as a span of several of its days;
-- span_incidents counts the incidents whose span crosses months, in every
-- month it covers, and must never be summed over months.
CREATE OR REPLACE VIEW war_panel_country_month AS
SELECT * EXCLUDE (day)
FROM war_panel_cells
WHERE month IS NOT NULL
ORDER BY iso3 NULLS LAST, month;
