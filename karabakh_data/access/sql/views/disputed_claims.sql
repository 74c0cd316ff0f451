-- Question: Which claims were denied or contradicted, by whom, and in what words?
--
-- One row per dispute, with the disputed record beside it: what was claimed
-- (a one-line summary from the claims view), by whom, when it was claimed
-- (claim_date) and when the fact is said to have happened (happened_start ..
-- happened_end), in which source and with which quote; then the dispute's
-- kind (denial, contradiction, incomplete figure, competing explanation,
-- internal inconsistency, opposing positions, conflicting figure, date or
-- name), who disputes it, when, and their quote; and the record on the other
-- side (other_record_id, its summary and quote) for every kind but a denial,
-- whose own quote is the other side.
CREATE OR REPLACE VIEW disputed_claims AS
SELECT
    d.record_id,
    c.record_table,
    c.summary AS claim,
    c.claimant_id,
    c.claimant,
    c.claim_date,
    c.date_start AS happened_start,
    c.date_end AS happened_end,
    c.incident_id,
    c.place AS claim_place,
    c.source_id AS claim_source_id,
    c.quote AS claim_quote,
    d.dispute_id,
    d.kind,
    d.disputed_by_id,
    by_actor.name AS disputed_by,
    d.claim_date AS dispute_date,
    d.source_id AS dispute_source_id,
    d.quote AS dispute_quote,
    d.other_record_id,
    o.summary AS other_claim,
    o.claimant AS other_claimant,
    o.quote AS other_quote
FROM disputes AS d
LEFT JOIN claims AS c ON c.record_id = d.record_id
LEFT JOIN claims AS o ON o.record_id = d.other_record_id
LEFT JOIN actors AS by_actor ON by_actor.actor_id = d.disputed_by_id
ORDER BY c.claim_date NULLS LAST, d.record_id, d.dispute_id;
