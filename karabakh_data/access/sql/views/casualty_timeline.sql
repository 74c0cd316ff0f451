-- Question: Which casualty figures were reported for each side, population and outcome, date by date?
--
-- One row per reported figure (a casualties record), ordered by party,
-- population, outcome and the date the figure is for: the as-of date of a
-- total, the end of an increment's period, the day of an incident.
-- figure_kind says what the number is: 'total' (a running total since
-- counted_since), 'increment' (the losses of one period) or 'incident' (one
-- incident or named victim). The kinds are different quantities: compare
-- totals with totals; never add increments or incidents to a total.
-- reported_on is the publication date of the source that carries the figure.
CREATE OR REPLACE VIEW casualty_timeline AS
SELECT
    c.party_id,
    coalesce(party.name, 'unspecified side') AS party,
    c.population,
    c.outcome,
    coalesce(c.period_end, c.date_end) AS date,
    c.date_precision,
    CASE c.count_kind WHEN 'cumulative' THEN 'total' ELSE c.count_kind END AS figure_kind,
    c.count_best,
    c.count_low,
    c.count_high,
    c.count_qualifier,
    c.period_start AS counted_since,
    c.period_end,
    c.person_name,
    c.claimant_id,
    claimant.name AS claimant,
    s.published_date AS reported_on,
    c.source_id,
    c.casualty_id,
    c.quote
FROM casualties AS c
LEFT JOIN actors AS party ON party.actor_id = c.party_id
LEFT JOIN actors AS claimant ON claimant.actor_id = c.claimant_id
LEFT JOIN sources AS s ON s.source_id = c.source_id
ORDER BY party, c.population, c.outcome, date NULLS LAST, c.casualty_id;
