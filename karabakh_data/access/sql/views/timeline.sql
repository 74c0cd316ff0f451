-- Question: What happened, in date order: events, meetings, casualty reports and territory changes?
--
-- One chronological stream built from the claims view: events, meetings,
-- casualty figures and territory records, each with its date range and
-- precision, kind, type, one-line summary, claimant, place and source.
-- Territory measurements that are not changes (area, share of territory,
-- population, contact line length) are left out; statements and disputes
-- are in the claims view. Background history (historical = true) is kept
-- and sorts first; undated records sort last.
CREATE OR REPLACE VIEW timeline AS
SELECT
    c.date_start AS date,
    c.date_end,
    c.date_precision,
    CASE c.record_table
        WHEN 'events' THEN 'event'
        WHEN 'meetings' THEN 'meeting'
        WHEN 'casualties' THEN 'casualty report'
        ELSE 'territory'
    END AS kind,
    c.record_type AS type,
    c.summary,
    c.claimant,
    c.claimant_id,
    c.place,
    c.historical,
    c.source_id,
    c.record_id
FROM claims AS c
WHERE c.record_table IN ('events', 'meetings', 'casualties')
   OR (c.record_table = 'territory'
       AND c.record_type NOT IN ('area', 'share_of_territory', 'population', 'contact_line_length'))
ORDER BY c.date_start NULLS LAST, c.date_end NULLS LAST, c.record_id;
