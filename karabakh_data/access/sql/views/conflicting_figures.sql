-- Question: Where is the same quantity given different values, between documents or between the two sides?
--
-- One row per pair of records that disagree, a and b side by side (summary,
-- dates, claimant, source, quote). basis says how the pair was found:
--   'dispute <id>'     coded by a coder as a conflicting_figure,
--                      conflicting_date or incomplete_figure dispute (record_id
--                      vs other_record_id; without other_record_id, b is the
--                      dispute itself), e.g. Armenia's 376 against Azar's
--                      "hundreds" (200-999) said to be hidden;
--   'same territory quantity'
--                      two territory records with the same place, attribute,
--                      unit, reference place and party but different value_num
--                      (e.g. two shares of a state's territory);
--   'same casualty total'
--                      two cumulative totals for the same party, population,
--                      outcome and as-of date with different figures: a
--                      different best, or different bounds (a vague
--                      "hundreds" is 200-999 by the codebook's table, so it
--                      is seen against an exact total).
-- Found pairs are only those between documents or between claimants: two
-- figures one claimant gives in one document usually measure different
-- things (refugees abroad vs. all displaced); where they do conflict, the
-- coders record a conflicting_figure dispute.
-- Found pairs already coded as a dispute are listed once, as the dispute.
-- Dates are shown so a reader can judge whether the values refer to the
-- same time.
CREATE OR REPLACE VIEW conflicting_figures AS
WITH
quantity AS (
    SELECT t.territory_id AS record_id,
           concat(coalesce(p.name, 'unspecified place'), ': ', replace(t.attribute, '_', ' '),
                  ' of ' || r.name, ' (' || t.unit || ')', ', ' || party.name) AS quantity
    FROM territory AS t
    LEFT JOIN places AS p ON p.place_id = t.place_id
    LEFT JOIN places AS r ON r.place_id = t.reference_place_id
    LEFT JOIN actors AS party ON party.actor_id = t.party_id
    UNION ALL
    SELECT c.casualty_id,
           concat(coalesce(party.name, 'unspecified side'), ': ', c.population, ' ', c.outcome,
                  CASE c.count_kind WHEN 'cumulative' THEN ' (total)' ELSE ' (' || c.count_kind || ')' END)
    FROM casualties AS c
    LEFT JOIN actors AS party ON party.actor_id = c.party_id
),
coded AS (
    SELECT d.record_id AS record_a, coalesce(d.other_record_id, d.dispute_id) AS record_b,
           concat('dispute ', d.dispute_id, ' (', d.kind, ')') AS basis
    FROM disputes AS d
    WHERE d.kind IN ('conflicting_figure', 'conflicting_date', 'incomplete_figure')
),
found AS (
    SELECT a.territory_id AS record_a, b.territory_id AS record_b, 'same territory quantity' AS basis
    FROM territory AS a
    JOIN territory AS b
      ON a.territory_id < b.territory_id
     AND a.attribute = b.attribute
     AND a.place_id IS NOT DISTINCT FROM b.place_id
     AND a.unit IS NOT DISTINCT FROM b.unit
     AND a.reference_place_id IS NOT DISTINCT FROM b.reference_place_id
     AND a.party_id IS NOT DISTINCT FROM b.party_id
     AND a.value_num <> b.value_num
     AND (a.source_id <> b.source_id OR a.claimant_id <> b.claimant_id)
    UNION ALL
    SELECT a.casualty_id, b.casualty_id, 'same casualty total'
    FROM casualties AS a
    JOIN casualties AS b
      ON a.casualty_id < b.casualty_id
     AND a.count_kind = 'cumulative' AND b.count_kind = 'cumulative'
     AND a.party_id IS NOT DISTINCT FROM b.party_id
     AND a.population = b.population AND a.outcome = b.outcome
     AND coalesce(a.period_end, a.date_end) = coalesce(b.period_end, b.date_end)
     AND coalesce(a.count_best, a.count_low, a.count_high) IS NOT NULL
     AND coalesce(b.count_best, b.count_low, b.count_high) IS NOT NULL
     AND (a.count_best, a.count_low, a.count_high) IS DISTINCT FROM (b.count_best, b.count_low, b.count_high)
     AND (a.source_id <> b.source_id OR a.claimant_id <> b.claimant_id)
),
pairs AS (
    SELECT * FROM coded
    UNION ALL
    SELECT f.* FROM found AS f
    WHERE NOT EXISTS (
        SELECT 1 FROM coded AS c
        WHERE (c.record_a = f.record_a AND c.record_b = f.record_b)
           OR (c.record_a = f.record_b AND c.record_b = f.record_a))
)
SELECT
    coalesce(q.quantity, a.summary) AS quantity,
    a.summary AS claim_a, a.date_start AS date_a, a.claimant AS claimant_a, a.source_id AS source_a,
    b.summary AS claim_b, b.date_start AS date_b, b.claimant AS claimant_b, b.source_id AS source_b,
    p.basis,
    p.record_a, p.record_b,
    a.quote AS quote_a, b.quote AS quote_b
FROM pairs AS p
LEFT JOIN claims AS a ON a.record_id = p.record_a
LEFT JOIN claims AS b ON b.record_id = p.record_b
LEFT JOIN quantity AS q ON q.record_id = p.record_a
ORDER BY quantity, p.record_a, p.record_b;
