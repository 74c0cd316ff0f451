-- Question: What does each source document contain: its date, publisher and how many records of each kind?
--
-- One row per source: publication date (and how it was established),
-- publisher and title where the text names them, length in characters,
-- and the number of records coded from it in each claim table. publisher
-- and title are null when the text does not state them.
CREATE OR REPLACE VIEW source_summary AS
WITH records AS (
    SELECT source_id, 'events' AS record_table FROM events
    UNION ALL SELECT source_id, 'casualties' FROM casualties
    UNION ALL SELECT source_id, 'materiel' FROM materiel
    UNION ALL SELECT source_id, 'meetings' FROM meetings
    UNION ALL SELECT source_id, 'territory' FROM territory
    UNION ALL SELECT source_id, 'statements' FROM statements
    UNION ALL SELECT source_id, 'disputes' FROM disputes
)
SELECT
    s.source_id,
    s.published_date,
    s.publisher,
    s.title,
    s.char_count,
    count(r.record_table) FILTER (WHERE r.record_table = 'events') AS events,
    count(r.record_table) FILTER (WHERE r.record_table = 'casualties') AS casualties,
    count(r.record_table) FILTER (WHERE r.record_table = 'materiel') AS materiel,
    count(r.record_table) FILTER (WHERE r.record_table = 'meetings') AS meetings,
    count(r.record_table) FILTER (WHERE r.record_table = 'territory') AS territory,
    count(r.record_table) FILTER (WHERE r.record_table = 'statements') AS statements,
    count(r.record_table) FILTER (WHERE r.record_table = 'disputes') AS disputes,
    count(r.record_table) AS records,
    s.file,
    s.date_basis
FROM sources AS s
LEFT JOIN records AS r ON r.source_id = s.source_id
GROUP BY ALL
ORDER BY s.source_id;
