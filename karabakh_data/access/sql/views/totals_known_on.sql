-- Question: What was the latest casualty total each claimant had reported for each side, as known on a given date?
--
-- One row per day of a calendar and per casualty series (party, population,
-- outcome, claimant): the cumulative total with the latest as-of date among
-- the totals reported on or before that day (claim_date <= known_on), i.e.
-- "the latest figure as known then". WHERE known_on = DATE '2020-10-10'
-- gives what had been claimed by 10 October; a series appears from the day
-- its first total was reported. reported_totals counts the totals of the
-- series known by then; is_new marks a figure first reported that day.
-- Ties on the as-of date go to the later claim_date, then the higher
-- casualty_id. Totals of different claimants stay apart, as in
-- casualty_totals (one side's claim about the other's losses is not that
-- side's own figure); increments and incident deaths are never added in.
-- The calendar is that of claims_known_on: every day from the war's start
-- to the end of 2020 or the last claim_date (why a calendar view and not a macro: see
-- claims_known_on).
CREATE OR REPLACE VIEW totals_known_on AS
WITH
calendar AS (
    SELECT unnest(generate_series(
        least(DATE '2020-09-27', min(claim_date)), greatest(DATE '2020-12-31', max(claim_date)),
        INTERVAL 1 DAY))::DATE AS known_on
    FROM claims
),
totals AS (
    SELECT *, coalesce(period_end, date_end) AS as_of
    FROM casualties
    WHERE count_kind = 'cumulative'
),
known AS (
    SELECT
        k.known_on,
        t.*,
        count(*) OVER series AS reported_totals,
        row_number() OVER (series ORDER BY t.as_of DESC, t.claim_date DESC, t.casualty_id DESC) AS rank
    FROM calendar AS k
    JOIN totals AS t ON t.claim_date <= k.known_on
    WINDOW series AS (PARTITION BY k.known_on, t.party_id, t.population, t.outcome, t.claimant_id)
)
SELECT
    k.known_on,
    k.party_id,
    coalesce(party.name, 'unspecified side') AS party,
    k.population,
    k.outcome,
    k.claimant_id,
    claimant.name AS claimant,
    k.as_of,
    k.count_best AS total,
    k.count_low,
    k.count_high,
    k.count_qualifier,
    k.period_start AS counted_since,
    k.claim_date,
    k.claim_date = k.known_on AS is_new,
    k.reported_totals,
    k.source_id,
    k.casualty_id,
    k.quote
FROM known AS k
LEFT JOIN actors AS party ON party.actor_id = k.party_id
LEFT JOIN actors AS claimant ON claimant.actor_id = k.claimant_id
WHERE k.rank = 1
ORDER BY k.known_on, party, k.population, k.outcome, k.claimant_id;
