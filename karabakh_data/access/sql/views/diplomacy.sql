-- Question: Who met or spoke with whom, when, where, in what format, and who mediated?
--
-- One row per meeting happening: an incident (incidents table) that one or
-- more meeting records describe, or a meeting record that describes no
-- incident (a meeting, call, or planned, expected, declined or cancelled
-- talk). The Moscow talks of 9 October are one row (inc-020) from three
-- meeting records, one 'held' and two 'expected': status lists every status
-- its records give ('expected / held') and disputed says a dispute names one
-- of its claims (here dis-003-07, internal_inconsistency: the lead says the
-- ministers met, the body that talks "are expected to begin shortly");
-- disputes lists them. Separate meetings (one host meeting two ministers
-- separately) are separate incidents, so separate rows.
-- Columns: meeting_id (a lone record's id; for an incident its first
-- meeting record, by id), meeting_ids (all its meeting records),
-- incident_id, claim_count (every claim of the incident, statements
-- included), the date (an incident's derived dates), format, status, place
-- and the place that contains it (a building's city), mediator, and the
-- participants over all its records as names with their role where it is
-- not plain 'participant' (host, mediator); absent lists those invited or
-- expected who did not attend. participant_ids holds the actor ids of
-- everyone who took part, for filtering: WHERE list_contains(participant_ids,
-- 'mike-pompeo'). topic, outcome, claimant and source_id join the records'
-- distinct values with ' / ', '; ' and ', '; quote is meeting_id's.
CREATE OR REPLACE VIEW diplomacy AS
WITH
m AS (
    SELECT *, coalesce(incident_id, meeting_id) AS happening FROM meetings
),
people AS (
    SELECT
        m.happening,
        list(DISTINCT coalesce(a.name, mp.actor_id) || CASE WHEN mp.role = 'participant' THEN '' ELSE ' (' || mp.role || ')' END
             ORDER BY coalesce(a.name, mp.actor_id) || CASE WHEN mp.role = 'participant' THEN '' ELSE ' (' || mp.role || ')' END)
            FILTER (WHERE mp.role <> 'absent') AS participants,
        list(DISTINCT coalesce(a.name, mp.actor_id) ORDER BY coalesce(a.name, mp.actor_id)) FILTER (WHERE mp.role = 'absent') AS absent,
        list(DISTINCT mp.actor_id ORDER BY mp.actor_id) FILTER (WHERE mp.role <> 'absent') AS participant_ids
    FROM meeting_participants AS mp
    JOIN m ON m.meeting_id = mp.meeting_id
    LEFT JOIN actors AS a ON a.actor_id = mp.actor_id
    GROUP BY m.happening
),
tensions AS (
    SELECT coalesce(c.incident_id, c.record_id) AS happening,
           list(DISTINCT concat(d.dispute_id, ' ', d.kind) ORDER BY concat(d.dispute_id, ' ', d.kind)) AS disputes
    FROM disputes AS d
    JOIN (SELECT meeting_id AS record_id, incident_id FROM meetings
          UNION ALL
          SELECT statement_id, incident_id FROM statements WHERE incident_id IN (SELECT incident_id FROM meetings)) AS c
      ON c.record_id IN (d.record_id, d.other_record_id)
    GROUP BY ALL
),
grouped AS (
    SELECT
        m.happening,
        any_value(m.incident_id) AS incident_id,
        min(m.meeting_id) AS meeting_id,
        list(m.meeting_id ORDER BY m.meeting_id) AS meeting_ids,
        min(m.date_start) AS date_start, max(m.date_end) AS date_end, any_value(m.date_precision) AS date_precision,
        string_agg(DISTINCT m.meeting_format, ' / ' ORDER BY m.meeting_format) AS format,
        string_agg(DISTINCT m.status, ' / ' ORDER BY m.status) AS status,
        min(m.place_id) AS place_id,
        min(m.mediator_id) AS mediator_id,
        string_agg(DISTINCT m.topic, ' / ' ORDER BY m.topic) AS topic,
        string_agg(DISTINCT m.outcome, ' / ' ORDER BY m.outcome) AS outcome,
        list(DISTINCT m.claimant_id ORDER BY m.claimant_id) AS claimant_ids,
        string_agg(DISTINCT m.source_id, ', ' ORDER BY m.source_id) AS source_id
    FROM m
    GROUP BY m.happening
)
SELECT
    g.meeting_id,
    g.meeting_ids,
    g.incident_id,
    coalesce(i.claim_count, 1) AS claim_count,
    coalesce(i.date_start, g.date_start) AS date,
    coalesce(i.date_end, g.date_end) AS date_end,
    coalesce(i.date_precision, g.date_precision) AS date_precision,
    g.format,
    g.status,
    coalesce(i.disputed, len(t.disputes) > 0, false) AS disputed,
    coalesce(t.disputes, []) AS disputes,
    place.name AS place,
    within.name AS within_place,
    mediator.name AS mediator,
    coalesce(p.participants, []) AS participants,
    coalesce(p.absent, []) AS absent,
    coalesce(p.participant_ids, []) AS participant_ids,
    g.topic,
    g.outcome,
    g.mediator_id,
    coalesce(i.place_id, g.place_id) AS place_id,
    CASE WHEN len(g.claimant_ids) = 1 THEN g.claimant_ids[1] END AS claimant_id,
    (SELECT string_agg(coalesce(a.name, x.id), '; ' ORDER BY coalesce(a.name, x.id))
     FROM (SELECT unnest(g.claimant_ids) AS id) AS x LEFT JOIN actors AS a ON a.actor_id = x.id) AS claimant,
    g.source_id,
    first.quote
FROM grouped AS g
JOIN meetings AS first ON first.meeting_id = g.meeting_id
LEFT JOIN incidents AS i ON i.incident_id = g.incident_id
LEFT JOIN people AS p ON p.happening = g.happening
LEFT JOIN tensions AS t ON t.happening = g.happening
LEFT JOIN places AS place ON place.place_id = coalesce(i.place_id, g.place_id)
LEFT JOIN places AS within ON within.place_id = place.parent_id
LEFT JOIN actors AS mediator ON mediator.actor_id = g.mediator_id
ORDER BY date NULLS LAST, g.meeting_id;
