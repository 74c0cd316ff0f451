-- Question: How many incidents, deaths, claims and disputed incidents were claimed per country and day of the war?
--
-- The country-day panel researchers start from: one row per country and
-- day, balanced (every country that has an incident of the war, every day
-- from the war's first to its last claimed day, zeros where nothing was
-- claimed). Order by iso3 (empty last) and day. The rows of war_panel_cells
-- that have a day, counted by its rules (written there once, for this
-- panel and the month panel): iso3, gwcode, iso_numeric and country; day;
-- incidents and one column per incident_kind, only of the incidents known
-- to the day; deaths_best/low/high; claims; disputed_incidents; and
-- span_incidents, the incidents known only as a span of several days
-- that covers this one, which must never be summed over days.
CREATE OR REPLACE VIEW war_panel_country_day AS
SELECT * EXCLUDE (month)
FROM war_panel_cells
WHERE day IS NOT NULL
ORDER BY iso3 NULLS LAST, day;
