-- Question: Who met or spoke with whom, when, where, in what format, and who mediated?
--
-- One row per meeting record (a meeting, call, or planned, expected,
-- declined or cancelled talk): date, format, status, place and the place
-- that contains it (a building's city), mediator, and the participants as
-- names with their role where it is not plain 'participant' (host,
-- mediator); absent lists those invited or expected who did not attend.
-- participant_ids holds the actor ids of everyone who took part, for
-- filtering: WHERE list_contains(participant_ids, 'mike-pompeo').
-- Separate meetings (one host meeting two ministers separately) are
-- separate rows.
CREATE OR REPLACE VIEW diplomacy AS
WITH people AS (
    SELECT
        mp.meeting_id,
        list(coalesce(a.name, mp.actor_id) || CASE WHEN mp.role = 'participant' THEN '' ELSE ' (' || mp.role || ')' END
             ORDER BY coalesce(a.name, mp.actor_id)) FILTER (WHERE mp.role <> 'absent') AS participants,
        list(coalesce(a.name, mp.actor_id) ORDER BY coalesce(a.name, mp.actor_id)) FILTER (WHERE mp.role = 'absent') AS absent,
        list(mp.actor_id ORDER BY mp.actor_id) FILTER (WHERE mp.role <> 'absent') AS participant_ids
    FROM meeting_participants AS mp
    LEFT JOIN actors AS a ON a.actor_id = mp.actor_id
    GROUP BY mp.meeting_id
)
SELECT
    m.meeting_id,
    m.date_start AS date,
    m.date_end,
    m.date_precision,
    m.meeting_format AS format,
    m.status,
    place.name AS place,
    within.name AS within_place,
    mediator.name AS mediator,
    coalesce(p.participants, []) AS participants,
    coalesce(p.absent, []) AS absent,
    coalesce(p.participant_ids, []) AS participant_ids,
    m.topic,
    m.outcome,
    m.mediator_id,
    m.place_id,
    m.claimant_id,
    claimant.name AS claimant,
    m.source_id,
    m.quote
FROM meetings AS m
LEFT JOIN people AS p ON p.meeting_id = m.meeting_id
LEFT JOIN places AS place ON place.place_id = m.place_id
LEFT JOIN places AS within ON within.place_id = place.parent_id
LEFT JOIN actors AS mediator ON mediator.actor_id = m.mediator_id
LEFT JOIN actors AS claimant ON claimant.actor_id = m.claimant_id
ORDER BY m.date_start NULLS LAST, m.meeting_id;
