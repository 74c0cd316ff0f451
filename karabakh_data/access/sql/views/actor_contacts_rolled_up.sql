-- Question: Which bodies, and which states or top-level actors, were in contact, once people are rolled up to whom they speak for?
--
-- actor_contacts rolled up the actors' hierarchy (actors.parent_id), on
-- request: level 'body' puts each person in the body they belong to (Pompeo
-- in the U.S. State Department, Mnatsakanyan in the Armenian Foreign
-- Ministry; anyone who is not a person stays as is), level 'state' puts
-- every actor at the top of its chain (a state, or an actor with no parent:
-- Armenia, Russia, the OSCE, the BBC). A meeting counts once per pair at
-- each level however many people of one body or state took part, and a
-- pair of the same body or state is no contact. Only 'held' meetings count,
-- and absent invitees do not, as in actor_contacts. via lists the pairs of
-- actors (ids) the row rolls up. WHERE level = 'state' gives the contacts
-- between states.
CREATE OR REPLACE VIEW actor_contacts_rolled_up AS
WITH RECURSIVE
chain AS (
    -- every actor with each of its ancestors (itself at depth 0)
    SELECT actor_id, actor_id AS ancestor_id, 0 AS depth FROM actors
    UNION ALL
    SELECT c.actor_id, a.parent_id, c.depth + 1
    FROM chain AS c
    JOIN actors AS a ON a.actor_id = c.ancestor_id
    WHERE a.parent_id IS NOT NULL AND c.depth < 20
),
rolled AS (
    SELECT
        a.actor_id,
        CASE WHEN a.actor_type = 'person' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.actor_id END AS body_id,
        (SELECT c.ancestor_id FROM chain AS c WHERE c.actor_id = a.actor_id ORDER BY c.depth DESC LIMIT 1) AS top_id
    FROM actors AS a
),
present AS (
    SELECT meeting_id, actor_id FROM meeting_participants WHERE role <> 'absent'
    UNION
    SELECT meeting_id, mediator_id FROM meetings WHERE mediator_id IS NOT NULL
),
levels AS (
    SELECT p.meeting_id, p.actor_id, 'body' AS level, r.body_id AS unit_id FROM present AS p JOIN rolled AS r USING (actor_id)
    UNION ALL
    SELECT p.meeting_id, p.actor_id, 'state', r.top_id FROM present AS p JOIN rolled AS r USING (actor_id)
),
pairs AS (
    SELECT a.level, a.unit_id AS actor_a, b.unit_id AS actor_b, m.meeting_id, m.meeting_format, m.date_start, m.date_end,
           a.actor_id || ' - ' || b.actor_id AS via
    FROM levels AS a
    JOIN levels AS b ON b.meeting_id = a.meeting_id AND b.level = a.level AND a.unit_id < b.unit_id
    JOIN meetings AS m ON m.meeting_id = a.meeting_id
    WHERE m.status = 'held'
)
SELECT
    p.level,
    p.actor_a,
    na.name AS actor_a_name,
    p.actor_b,
    nb.name AS actor_b_name,
    count(DISTINCT p.meeting_id) AS contacts,
    count(DISTINCT p.meeting_id) FILTER (WHERE p.meeting_format = 'in_person') AS in_person,
    count(DISTINCT p.meeting_id) FILTER (WHERE p.meeting_format IN ('phone_call', 'video_call')) AS calls,
    min(p.date_start) AS first_date,
    max(p.date_end) AS last_date,
    list(DISTINCT p.meeting_id ORDER BY p.meeting_id) AS meeting_ids,
    list(DISTINCT p.via ORDER BY p.via) AS via
FROM pairs AS p
LEFT JOIN actors AS na ON na.actor_id = p.actor_a
LEFT JOIN actors AS nb ON nb.actor_id = p.actor_b
GROUP BY p.level, p.actor_a, na.name, p.actor_b, nb.name
ORDER BY p.level, contacts DESC, p.actor_a, p.actor_b;
