-- Question: What had been claimed by a given date (as known on that date)?
--
-- One row per day of a calendar and per claim reported on or before that
-- day: WHERE known_on = DATE '2020-10-10' gives every claim a reader could
-- have seen on 10 October (claim_date <= known_on), with the claims view's
-- columns (summary, claimant, when the fact happened, incident, source,
-- quote). is_new marks the claims first reported that very day.
-- The calendar runs over every day from the war's start (2020-09-27, or an
-- earlier claim_date) to the end of 2020 (or the last claim_date, if
-- later), so any day of the war and its aftermath can be asked; a day before
-- the first claim_date has no rows (nothing had been claimed yet), and a day
-- after the last claim_date knows every claim in the data. The dataset
-- holds only what its coded documents say: "known" means known to this
-- dataset's sources, not to the world.
-- claim_date is the day the claim was made or first reported: the text's
-- date of the claim where it gives one, else the source's publication date
-- (claim_date_basis). With the two documents (published 9 and 24 October),
-- 10 October knows only src-003's claims, 25 October also src-000's.
-- Why a view over a calendar and not a function: a view cannot take a
-- parameter, and a DuckDB table macro could not be materialised into the
-- SQLite export nor listed in Datasette; a calendar view works the same in
-- the DuckDB file, connect(), a plain duckdb session over the Parquet files
-- and the SQLite/Datasette export. totals_known_on gives the latest
-- casualty figures as known on each day.
CREATE OR REPLACE VIEW claims_known_on AS
WITH calendar AS (
    SELECT unnest(generate_series(
        least(DATE '2020-09-27', min(claim_date)), greatest(DATE '2020-12-31', max(claim_date)),
        INTERVAL 1 DAY))::DATE AS known_on
    FROM claims
)
SELECT
    k.known_on,
    c.claim_date = k.known_on AS is_new,
    c.record_id,
    c.record_table,
    c.record_type,
    c.claimant_id,
    c.claimant,
    c.summary,
    c.claim_date,
    c.claim_date_basis,
    c.date_start,
    c.date_end,
    c.date_precision,
    c.incident_id,
    c.place,
    c.source_id,
    c.quote
FROM calendar AS k
JOIN claims AS c ON c.claim_date <= k.known_on
ORDER BY k.known_on, c.claim_date, c.record_id;
