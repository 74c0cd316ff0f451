-- Question: What was the latest cumulative casualty total each claimant reported for each side, as of each date?
--
-- One row per reported cumulative total (count_kind 'cumulative'): party,
-- population, outcome, the as-of date and the total, with its bounds,
-- claimant, source and quote. is_latest marks the most recent total of each
-- claimant for that party, population and outcome
-- (WHERE is_latest gives "the latest figure").
-- Beside each total, never added into it:
--   increments  the same claimant's increments ending on the total's as-of
--               date ("26 more ... in the last 24 hours, bringing ... to 376");
--   incidents   single incidents or named victims of that party, population
--               and outcome (any claimant) dated after the claimant's
--               previous total and up to this one, each incident once:
--               the casualty records of one incident (incident_id) are
--               reports of the same losses, listed as one entry with the
--               smallest figure and every record, e.g. Hadjian's two
--               reports "1 on 2020-10-06: Kevork Hadjian [inc-018:
--               cas-003-02, cas-003-03]" (one death, not two); a record of
--               no incident is an entry of its own ("... [cas-id]").
-- Totals from different claimants are kept apart (one side's claim about
-- the other's losses is not that side's own figure).
CREATE OR REPLACE VIEW casualty_totals AS
WITH
figures AS (
    SELECT *, coalesce(period_end, date_end) AS as_of FROM casualties
),
totals AS (
    SELECT
        t.*,
        t.as_of = max(t.as_of) OVER same_series AS is_latest,
        -- the claimant's previous total for this series (an earlier as-of date)
        max(t.as_of) OVER (same_series ORDER BY t.as_of
            RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS previous_as_of
    FROM figures AS t
    WHERE t.count_kind = 'cumulative'
    WINDOW same_series AS (PARTITION BY t.party_id, t.population, t.outcome, t.claimant_id)
),
increments AS (
    SELECT
        t.casualty_id,
        list(concat('+', coalesce(i.count_best, i.count_low, i.count_high)::VARCHAR,
                    ' over ', coalesce(i.period_start, i.date_start), '..', i.as_of,
                    ' [', i.casualty_id, ']')
             ORDER BY i.casualty_id) AS increments
    FROM totals AS t
    JOIN figures AS i
      ON i.count_kind = 'increment'
     AND i.party_id IS NOT DISTINCT FROM t.party_id
     AND i.population = t.population AND i.outcome = t.outcome
     AND i.claimant_id = t.claimant_id
     AND i.as_of = t.as_of
    GROUP BY t.casualty_id
),
incident_figures AS (
    -- one entry per incident: its casualty records of this party, population
    -- and outcome are alternative reports of the same losses (codebook 18),
    -- so the smallest best figure stands for them, never their sum; dated by
    -- the incident's derived last day (the intersection of its claims), since
    -- one report may date the death while another only bounds it
    SELECT
        i.party_id, i.population, i.outcome,
        coalesce(i.incident_id, i.casualty_id) AS happening,
        coalesce(any_value(h.date_end), max(i.as_of)) AS as_of,
        min(coalesce(i.count_best, i.count_low, i.count_high)) AS figure,
        arg_max(i.person_name, length(i.person_name)) AS person_name,
        any_value(i.incident_id) AS incident_id,
        list(i.casualty_id ORDER BY i.casualty_id) AS casualty_ids
    FROM figures AS i
    LEFT JOIN incidents AS h ON h.incident_id = i.incident_id
    WHERE i.count_kind = 'incident'
    GROUP BY i.party_id, i.population, i.outcome, coalesce(i.incident_id, i.casualty_id)
),
incident_lists AS (  -- not named incidents: that is the table the CTE above reads
    SELECT
        t.casualty_id,
        list(concat(i.figure::VARCHAR, ' on ', i.as_of,
                    coalesce(': ' || i.person_name, ''),
                    ' [', coalesce(i.incident_id || ': ', ''), array_to_string(i.casualty_ids, ', '), ']')
             ORDER BY i.as_of, i.happening) AS incidents
    FROM totals AS t
    JOIN incident_figures AS i
      ON i.party_id IS NOT DISTINCT FROM t.party_id
     AND i.population = t.population AND i.outcome = t.outcome
     AND i.as_of <= t.as_of
     AND i.as_of > coalesce(t.previous_as_of, t.period_start - INTERVAL 1 DAY)
    GROUP BY t.casualty_id
)
SELECT
    t.party_id,
    coalesce(party.name, 'unspecified side') AS party,
    t.population,
    t.outcome,
    t.as_of,
    t.count_best AS total,
    t.count_low,
    t.count_high,
    t.count_qualifier,
    t.period_start AS counted_since,
    t.is_latest,
    coalesce(inc.increments, []) AS increments,
    coalesce(ev.incidents, []) AS incidents,
    t.claimant_id,
    claimant.name AS claimant,
    s.published_date AS reported_on,
    t.source_id,
    t.casualty_id,
    t.quote
FROM totals AS t
LEFT JOIN increments AS inc ON inc.casualty_id = t.casualty_id
LEFT JOIN incident_lists AS ev ON ev.casualty_id = t.casualty_id
LEFT JOIN actors AS party ON party.actor_id = t.party_id
LEFT JOIN actors AS claimant ON claimant.actor_id = t.claimant_id
LEFT JOIN sources AS s ON s.source_id = t.source_id
ORDER BY party, t.population, t.outcome, t.as_of, t.claimant_id, t.casualty_id;
