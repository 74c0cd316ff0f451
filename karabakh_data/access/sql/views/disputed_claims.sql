-- Question: Which claims were denied or contradicted, by whom, and in what words?
--
-- One row per dispute, with the disputed record beside it: what was claimed
-- (a one-line summary from the claims view), by whom, when, in which source
-- and with which quote; then the dispute's kind (denial, contradiction,
-- conflicting figure, date or name), who disputes it, when, and their quote.
-- other_record_id is the record giving the conflicting value, where coded.
CREATE OR REPLACE VIEW disputed_claims AS
SELECT
    d.record_id,
    c.record_table,
    c.summary AS claim,
    c.claimant_id,
    c.claimant,
    c.date_start AS claim_date,
    c.date_end AS claim_date_end,
    c.place AS claim_place,
    c.source_id AS claim_source_id,
    c.quote AS claim_quote,
    d.dispute_id,
    d.kind,
    d.disputed_by_id,
    by_actor.name AS disputed_by,
    d.date_start AS dispute_date,
    d.source_id AS dispute_source_id,
    d.quote AS dispute_quote,
    d.other_record_id
FROM disputes AS d
LEFT JOIN claims AS c ON c.record_id = d.record_id
LEFT JOIN actors AS by_actor ON by_actor.actor_id = d.disputed_by_id
ORDER BY claim_date NULLS LAST, d.record_id, d.dispute_id;
