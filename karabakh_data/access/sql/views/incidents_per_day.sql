-- Question: How many distinct strikes, meetings and deaths were claimed, per day, and by how many sources?
--
-- One row per day and incident kind (strike, clash, death, meeting, ...):
-- the number of distinct incidents (happenings, not claim records: the five
-- Mingachevir event records of 9 October are 2 strikes), the claim records
-- that describe them, the source documents and the claimants behind them,
-- the deaths derived for them (sum of deaths_best over distinct incidents;
-- null when none has a death figure), and the incident ids. Read from
-- incident_summary.
-- A day is the day the incident happened (its derived date_start ..
-- date_end), not the day it was claimed. An incident known only as a span
-- of days (an undated happening bounded by the war's start and the report
-- day, 27 September .. 9 October; the "last 24 hours"; 2 .. 9 October)
-- cannot be put on one day, and is never spread over or guessed onto one:
-- it is counted in a separate row for its span, with day null, one_day
-- false and the span in date_start .. date_end, sorted after the days.
-- Do not add those rows to any single day's count.
-- Only the 2020 war: incidents with a historical claim (the Minsk Group's
-- founding, 1991, August 2014) are left out (see incident_summary). Claims
-- that describe no countable happening (positions, cumulative totals,
-- "has been hit by many missiles before") are not incidents and are not
-- counted here; they are in the claims view.
CREATE OR REPLACE VIEW incidents_per_day AS
WITH
war AS (
    SELECT *, CASE WHEN date_start = date_end THEN date_start END AS day
    FROM incident_summary
    WHERE NOT historical AND date_start IS NOT NULL
),
counted AS (
    SELECT day, date_start, date_end, incident_kind,
           count(*) AS incidents,
           sum(claim_count) AS claims,
           sum(deaths_best) AS deaths_best,
           list(incident_id ORDER BY incident_id) AS incident_ids
    FROM war
    GROUP BY ALL
),
behind AS (
    SELECT day, date_start, date_end, incident_kind,
           count(DISTINCT source_id) AS sources
    FROM (SELECT day, date_start, date_end, incident_kind, unnest(source_ids) AS source_id FROM war)
    GROUP BY ALL
),
claimed_by AS (
    SELECT day, date_start, date_end, incident_kind,
           count(DISTINCT claimant) AS claimants
    FROM (SELECT day, date_start, date_end, incident_kind, unnest(claimants) AS claimant FROM war)
    GROUP BY ALL
)
SELECT
    c.day,
    c.day IS NOT NULL AS one_day,
    c.date_start,
    c.date_end,
    c.incident_kind,
    c.incidents,
    c.claims,
    coalesce(b.sources, 0) AS sources,
    coalesce(cb.claimants, 0) AS claimants,
    c.deaths_best,
    c.incident_ids
FROM counted AS c
LEFT JOIN behind AS b
       ON b.date_start = c.date_start AND b.date_end = c.date_end AND b.incident_kind = c.incident_kind
LEFT JOIN claimed_by AS cb
       ON cb.date_start = c.date_start AND cb.date_end = c.date_end AND cb.incident_kind = c.incident_kind
ORDER BY c.day IS NULL, c.date_start, c.date_end, c.incident_kind;
