-- Question: Which ceasefires and other agreements were reported, who brokered them, and who is said to have broken them?
--
-- One row per agreement record (agreements): kind, status (agreed or
-- planned), parties, broker and guarantor by name, terms, when it was agreed
-- (date_start..date_end) and takes effect (effective_date, effective_time,
-- effective_time_zone), then what the violations table claims about it:
-- violation_count and collapse_count, the accusers (claimants) and the
-- accused by name, and violation_ids. event_ids, statement_ids and
-- meeting_ids list the other records that refer to the agreement
-- (agreement_id). src-000's "two Russian-brokered cease-fires, which both
-- collapsed soon after being agreed upon" are two rows, each with one
-- collapse; src-003's "Armenia violating the ceasefire" is a violation of
-- agr-003-01 with Armenia accused.
CREATE OR REPLACE VIEW agreement_violations AS
WITH
v AS (
    SELECT
        x.agreement_id,
        count(*) FILTER (WHERE x.violation_kind = 'violation') AS violation_count,
        count(*) FILTER (WHERE x.violation_kind = 'collapse') AS collapse_count,
        list(DISTINCT claimant.name ORDER BY claimant.name) AS accusers,
        list(DISTINCT accused.name ORDER BY accused.name) FILTER (WHERE accused.name IS NOT NULL) AS accused,
        list(x.violation_id ORDER BY x.violation_id) AS violation_ids
    FROM violations AS x
    LEFT JOIN actors AS claimant ON claimant.actor_id = x.claimant_id
    LEFT JOIN actors AS accused ON accused.actor_id = x.accused_id
    GROUP BY x.agreement_id
),
refs AS (
    SELECT agreement_id,
           list(record_id ORDER BY record_id) FILTER (WHERE tbl = 'events') AS event_ids,
           list(record_id ORDER BY record_id) FILTER (WHERE tbl = 'statements') AS statement_ids,
           list(record_id ORDER BY record_id) FILTER (WHERE tbl = 'meetings') AS meeting_ids
    FROM (SELECT agreement_id, event_id AS record_id, 'events' AS tbl FROM events WHERE agreement_id IS NOT NULL
          UNION ALL SELECT agreement_id, statement_id, 'statements' FROM statements WHERE agreement_id IS NOT NULL
          UNION ALL SELECT agreement_id, meeting_id, 'meetings' FROM meetings WHERE agreement_id IS NOT NULL)
    GROUP BY agreement_id
)
SELECT
    a.agreement_id,
    a.agreement_kind,
    a.status,
    a.description,
    p1.name AS party1,
    p2.name AS party2,
    broker.name AS broker,
    guarantor.name AS guarantor,
    a.terms,
    a.terms_phrase,
    a.date_start AS agreed_from,
    a.date_end AS agreed_to,
    a.date_precision,
    a.effective_date,
    a.effective_time,
    a.effective_time_zone,
    a.historical,
    coalesce(v.violation_count, 0) AS violation_count,
    coalesce(v.collapse_count, 0) AS collapse_count,
    coalesce(v.accusers, []) AS accusers,
    coalesce(v.accused, []) AS accused,
    coalesce(v.violation_ids, []) AS violation_ids,
    coalesce(r.event_ids, []) AS event_ids,
    coalesce(r.statement_ids, []) AS statement_ids,
    coalesce(r.meeting_ids, []) AS meeting_ids,
    a.party1_id, a.party2_id, a.broker_id, a.guarantor_id,
    a.incident_id,
    claimant.name AS claimant,
    a.claimant_id,
    a.source_id,
    a.quote
FROM agreements AS a
LEFT JOIN v ON v.agreement_id = a.agreement_id
LEFT JOIN refs AS r ON r.agreement_id = a.agreement_id
LEFT JOIN actors AS p1 ON p1.actor_id = a.party1_id
LEFT JOIN actors AS p2 ON p2.actor_id = a.party2_id
LEFT JOIN actors AS broker ON broker.actor_id = a.broker_id
LEFT JOIN actors AS guarantor ON guarantor.actor_id = a.guarantor_id
LEFT JOIN actors AS claimant ON claimant.actor_id = a.claimant_id
ORDER BY a.historical DESC, a.date_start NULLS FIRST, a.agreement_id;
