-- Question: Who claimed what, when and where, across every claim table at once?
--
-- One row per record of events, casualties, materiel, meetings, territory,
-- statements, agreements, violations and disputes, in one shape: the record's id and table, its
-- type within the table, the claimant, a one-line summary, when the fact
-- happened (date_start..date_end, and the time of day where the text gives
-- one: time_start, time_end, time_zone, part_of_day, time_phrase) and when it
-- was claimed (claim_date), the incident it describes, place, source and quote. For a dispute the claimant is the party that disputes
-- (disputed_by_id). Figures are spelled out in the summary, never added up;
-- a vague count gives its phrase and the codebook's bounds ("hundreds
-- (200-999) of military killed").
--
-- The view has no ORDER BY: sorting every record cost more than half of any
-- query over it (130 of 285 ms for a count by table over a million records),
-- also inside the views that join it. Add ORDER BY date_start NULLS LAST,
-- record_id for a chronological list, or read the timeline view.
--
-- disputed_claims, conflicting_figures and timeline read this view: their
-- file names must sort after claims.sql, because the build, connect() and
-- the CLI run the view files in name order.
CREATE OR REPLACE VIEW claims AS
WITH
qualifier AS (
    SELECT * FROM (VALUES
        ('at_least', 'at least '), ('more_than', 'more than '),
        ('about', 'about '), ('up_to', 'up to ')
    ) AS q(count_qualifier, words)
),
casualty_rows AS (
    SELECT
        x.casualty_id AS record_id, 'casualties' AS record_table,
        x.count_kind AS record_type, x.claimant_id,
        concat(
            coalesce(party.name, 'unspecified side'), ': ',
            coalesce(q.words, ''),
            CASE
                WHEN x.count_qualifier = 'range' THEN concat(x.count_low, '-', x.count_high)
                WHEN x.count_qualifier = 'unspecified' THEN 'an unspecified number of'
                WHEN x.count_qualifier = 'vague' THEN concat(coalesce(x.count_phrase, 'a vague number'),
                    ' (', coalesce(x.count_low::VARCHAR, '?'), '-', coalesce(x.count_high::VARCHAR, '?'), ') of')
                ELSE coalesce(x.count_best, x.count_low, x.count_high)::VARCHAR
            END, ' ',
            CASE
                WHEN x.population = 'military' THEN 'military'
                WHEN coalesce(x.count_best, x.count_low, x.count_high) = 1
                    THEN CASE x.population WHEN 'civilian' THEN 'civilian' ELSE 'person' END
                ELSE CASE x.population WHEN 'civilian' THEN 'civilians' ELSE 'people' END
            END,
            ' ', x.outcome,
            CASE x.count_kind
                WHEN 'cumulative' THEN concat(' (total', ' since ' || x.period_start, ')')
                WHEN 'increment' THEN concat(' (increment over ', coalesce(x.period_start::VARCHAR, '?'), '..', coalesce(x.period_end::VARCHAR, '?'), ')')
                WHEN 'unreported' THEN ' (said to be left out of the official figure)'
                ELSE concat(' (incident', ': ' || x.person_name, ')')
            END
        ) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM casualties AS x
    LEFT JOIN actors AS party ON party.actor_id = x.party_id
    LEFT JOIN qualifier AS q ON q.count_qualifier = x.count_qualifier
),
materiel_rows AS (
    SELECT
        x.materiel_id AS record_id, 'materiel' AS record_table,
        x.materiel_outcome AS record_type, x.claimant_id,
        concat(
            coalesce(party.name, 'unspecified side'), ': ', coalesce(q.words, ''),
            coalesce(x.count_best, x.count_low, x.count_high)::VARCHAR || ' ',
            x.equipment, ' ', replace(x.materiel_outcome, '_', ' ')
        ) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM materiel AS x
    LEFT JOIN actors AS party ON party.actor_id = x.party_id
    LEFT JOIN qualifier AS q ON q.count_qualifier = x.count_qualifier
),
meeting_people AS (
    SELECT
        mp.meeting_id,
        string_agg(
            coalesce(a.name, mp.actor_id) || CASE WHEN mp.role = 'participant' THEN '' ELSE ' (' || mp.role || ')' END,
            ', ' ORDER BY mp.role = 'absent', coalesce(a.name, mp.actor_id)
        ) AS people
    FROM meeting_participants AS mp
    LEFT JOIN actors AS a ON a.actor_id = mp.actor_id
    GROUP BY mp.meeting_id
),
meeting_rows AS (
    SELECT
        x.meeting_id AS record_id, 'meetings' AS record_table,
        x.status AS record_type, x.claimant_id,
        concat(replace(x.meeting_format, '_', ' '), ' meeting, ', x.status, ': ', p.people) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM meetings AS x
    LEFT JOIN meeting_people AS p ON p.meeting_id = x.meeting_id
),
agreement_rows AS (
    SELECT
        x.agreement_id AS record_id, 'agreements' AS record_table,
        x.agreement_kind AS record_type, x.claimant_id,
        concat(replace(x.agreement_kind, '_', ' '), ', ', x.status,
               ' between ' || nullif(concat_ws(' and ', p1.name, p2.name), ''),
               ', brokered by ' || broker.name,
               ', guaranteed by ' || guarantor.name,
               ': ' || nullif(replace(array_to_string(x.terms, ', '), '_', ' '), ''),
               ' (from ' || x.effective_date || coalesce(' ' || x.effective_time, '') || coalesce(' ' || x.effective_time_zone, '') || ')'
        ) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM agreements AS x
    LEFT JOIN actors AS p1 ON p1.actor_id = x.party1_id
    LEFT JOIN actors AS p2 ON p2.actor_id = x.party2_id
    LEFT JOIN actors AS broker ON broker.actor_id = x.broker_id
    LEFT JOIN actors AS guarantor ON guarantor.actor_id = x.guarantor_id
),
violation_rows AS (
    SELECT
        x.violation_id AS record_id, 'violations' AS record_table,
        x.violation_kind AS record_type, x.claimant_id,
        concat(x.violation_kind, ' of ', x.agreement_id, coalesce(' by ' || accused.name, ''), ': ', x.description) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM violations AS x
    LEFT JOIN actors AS accused ON accused.actor_id = x.accused_id
),
territory_rows AS (
    SELECT
        x.territory_id AS record_id, 'territory' AS record_table,
        x.attribute AS record_type, x.claimant_id,
        concat(
            coalesce(place.name, 'unspecified place'), ': ', replace(x.attribute, '_', ' '),
            ' of ' || ref.name, ' = ',
            concat_ws(' ',
                coalesce(q.words, '') || CASE WHEN x.value_num = round(x.value_num)
                    THEN round(x.value_num)::BIGINT::VARCHAR ELSE x.value_num::VARCHAR END,
                x.unit,
                CASE WHEN x.value_num IS NULL THEN x.value_text ELSE '(' || x.value_text || ')' END)
        ) AS summary,
        x.date_start, x.date_end, x.date_precision, x.date_basis, x.historical, x.place_id, x.reported_via_id, x.source_id, x.quote,
        x.time_start, x.time_end, x.time_zone, x.part_of_day, x.time_phrase,
        x.claim_date, x.claim_date_basis, x.incident_id
    FROM territory AS x
    LEFT JOIN places AS place ON place.place_id = x.place_id
    LEFT JOIN places AS ref ON ref.place_id = x.reference_place_id
    LEFT JOIN qualifier AS q ON q.count_qualifier = x.value_qualifier
),
all_rows AS (
    SELECT event_id AS record_id, 'events' AS record_table, sub_event_type AS record_type,
           claimant_id, description AS summary, date_start, date_end, date_precision, date_basis, historical, place_id, reported_via_id, source_id, quote,
           time_start, time_end, time_zone, part_of_day, time_phrase,
           claim_date, claim_date_basis, incident_id
    FROM events
    UNION ALL BY NAME SELECT * FROM casualty_rows
    UNION ALL BY NAME SELECT * FROM materiel_rows
    UNION ALL BY NAME SELECT * FROM meeting_rows
    UNION ALL BY NAME SELECT * FROM territory_rows
    UNION ALL BY NAME SELECT * FROM agreement_rows
    UNION ALL BY NAME SELECT * FROM violation_rows
    UNION ALL BY NAME
    SELECT statement_id AS record_id, 'statements' AS record_table, statement_type AS record_type,
           claimant_id, summary, date_start, date_end, date_precision, date_basis, historical, place_id, reported_via_id, source_id, quote,
           time_start, time_end, time_zone, part_of_day, time_phrase,
           claim_date, claim_date_basis, incident_id
    FROM statements
    UNION ALL BY NAME
    SELECT dispute_id AS record_id, 'disputes' AS record_table, kind AS record_type,
           disputed_by_id AS claimant_id, concat(replace(kind, '_', ' '), ' of ', record_id) AS summary,
           date_start, date_end, date_precision, date_basis, historical, place_id, reported_via_id, source_id, quote,
           time_start, time_end, time_zone, part_of_day, time_phrase,
           claim_date, claim_date_basis, NULL::VARCHAR AS incident_id
    FROM disputes
)
SELECT
    r.record_id, r.record_table, r.record_type,
    r.claimant_id, claimant.name AS claimant,
    r.summary,
    r.date_start, r.date_end, r.date_precision, r.date_basis, r.historical,
    r.time_start, r.time_end, r.time_zone, r.part_of_day, r.time_phrase,
    r.claim_date, r.claim_date_basis, r.incident_id,
    r.place_id, place.name AS place,
    r.reported_via_id, r.source_id, r.quote
FROM all_rows AS r
LEFT JOIN actors AS claimant ON claimant.actor_id = r.claimant_id
LEFT JOIN places AS place ON place.place_id = r.place_id;
