-- Question: What happened, in date order: incidents, and the events, meetings, casualty reports and territory changes that describe no incident?
--
-- One chronological stream of happenings. Each incident (incident_summary)
-- is one row, however many claims describe it: its kind (strike, clash,
-- death, meeting, ...), description, derived dates (the intersection of its
-- claims' ranges), claim_count, whether any of its claims is disputed, and
-- record_ids listing every claim. So the Moscow talks of 9 October are one
-- meeting row of 4 claims, not three meeting rows. An event, meeting,
-- casualty figure or territory change that describes no incident (a
-- cumulative total, "many missiles before", a state of affairs) stays its
-- own row (entry 'claim', kind 'event', 'meeting', 'casualty report' or
-- 'territory', claim_count 1). Territory measurements that are not changes
-- (area, share of territory, population, contact line length) are left out;
-- statements and disputes are in the claims view (a statement that reports
-- an incident is counted in its claim_count). Background history
-- (historical = true) is kept and sorts first; undated rows sort last. A row
-- whose date_precision is 'range' or 'days' is only bounded (date ..
-- date_end), not dated to its first day.
-- type is a claim row's record type, or the tables an incident's claims
-- come from ('events, materiel'); claimant is the claimants' names, joined
-- with '; ', and source_id the sources, joined with ', '; claimant_id and
-- record_id are set for a claim row only (an incident row has incident_id).
-- disputed: a dispute names the claim, or one of the incident's claims.
CREATE OR REPLACE VIEW timeline AS
WITH
lone AS (
    SELECT c.*, EXISTS (SELECT 1 FROM disputes AS d WHERE c.record_id IN (d.record_id, d.other_record_id)) AS disputed
    FROM claims AS c
    WHERE c.incident_id IS NULL
      AND (c.record_table IN ('events', 'meetings', 'casualties')
           OR (c.record_table = 'territory'
               AND c.record_type NOT IN ('area', 'share_of_territory', 'population', 'contact_line_length')))
),
claim_places AS (
    SELECT incident_id, min(place) AS place FROM claims WHERE incident_id IS NOT NULL GROUP BY incident_id
),
rows AS (
    SELECT
        'incident' AS entry,
        i.date_start AS date, i.date_end, i.date_precision,
        i.incident_kind AS kind,
        array_to_string(i.record_tables, ', ') AS type,
        i.description AS summary,
        i.claim_count, i.disputed,
        array_to_string(i.claimants, '; ') AS claimant,
        NULL::VARCHAR AS claimant_id,
        coalesce(i.place, cp.place) AS place,
        i.historical,
        array_to_string(i.source_ids, ', ') AS source_id,
        i.incident_id,
        NULL::VARCHAR AS record_id,
        i.record_ids
    FROM incident_summary AS i
    LEFT JOIN claim_places AS cp ON cp.incident_id = i.incident_id
    UNION ALL
    SELECT
        'claim',
        c.date_start, c.date_end, c.date_precision,
        CASE c.record_table
            WHEN 'events' THEN 'event'
            WHEN 'meetings' THEN 'meeting'
            WHEN 'casualties' THEN 'casualty report'
            ELSE 'territory'
        END,
        c.record_type,
        c.summary,
        1, c.disputed,
        c.claimant, c.claimant_id, c.place, c.historical, c.source_id,
        NULL, c.record_id, [c.record_id]
    FROM lone AS c
)
SELECT * FROM rows
ORDER BY date NULLS LAST, date_end NULLS LAST, coalesce(incident_id, record_id);
