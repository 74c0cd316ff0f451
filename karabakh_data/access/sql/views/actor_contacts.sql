-- Question: Which pairs of actors met or spoke, how often, when and how?
--
-- One row per pair of actors who took part together (or as mediator) in a
-- meeting or call with status 'held'; scheduled, expected, declined and
-- cancelled talks and absent invitees do not count as contact. contacts is
-- the number of meeting records (a meeting reported by two sources counts
-- twice; meeting_ids lists them). actor_a sorts before actor_b by id.
-- Two people who each met a third separately are not a pair.
CREATE OR REPLACE VIEW actor_contacts AS
WITH
present AS (
    SELECT meeting_id, actor_id FROM meeting_participants WHERE role <> 'absent'
    UNION
    SELECT meeting_id, mediator_id FROM meetings WHERE mediator_id IS NOT NULL
),
pairs AS (
    SELECT a.actor_id AS actor_a, b.actor_id AS actor_b, m.*
    FROM present AS a
    JOIN present AS b ON b.meeting_id = a.meeting_id AND a.actor_id < b.actor_id
    JOIN meetings AS m ON m.meeting_id = a.meeting_id
    WHERE m.status = 'held'
)
SELECT
    p.actor_a,
    na.name AS actor_a_name,
    p.actor_b,
    nb.name AS actor_b_name,
    count(*) AS contacts,
    count(*) FILTER (WHERE p.meeting_format = 'in_person') AS in_person,
    count(*) FILTER (WHERE p.meeting_format IN ('phone_call', 'video_call')) AS calls,
    min(p.date_start) AS first_date,
    max(p.date_end) AS last_date,
    list(DISTINCT p.date_start ORDER BY p.date_start) AS dates,
    list(p.meeting_id ORDER BY p.meeting_id) AS meeting_ids
FROM pairs AS p
LEFT JOIN actors AS na ON na.actor_id = p.actor_a
LEFT JOIN actors AS nb ON nb.actor_id = p.actor_b
GROUP BY p.actor_a, na.name, p.actor_b, nb.name
ORDER BY contacts DESC, p.actor_a, p.actor_b;
