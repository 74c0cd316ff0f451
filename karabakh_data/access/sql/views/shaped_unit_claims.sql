-- Question: Which claims and sources does each row of the UCDP GED- and ACLED-shaped exports stand on?
--
-- One row per unit of precision_codes (an incident, or a war event that
-- describes no incident): its claim records (ids joined by '; '), how many,
-- their distinct claimants and sources, whether a dispute names any of
-- them, the claimants' names, and the sources as GED and ACLED cite them
-- (id and publication date; publisher and title where the text names them).
-- to_ucdp_ged and to_acled both read it, so the two exports count and cite
-- a unit's claims by one rule; its name sorts after precision_codes, which
-- it reads, and before to_acled and to_ucdp_ged, which read it.
CREATE OR REPLACE VIEW shaped_unit_claims AS
WITH
unit_claims AS (  -- the claim records of each unit: an incident's claims, or the event itself
    SELECT u.unit_id, c.record_id, c.claimant_id, c.claimant, c.source_id
    FROM precision_codes AS u
    JOIN claims AS c
      ON c.record_table <> 'disputes'
     AND ((u.unit = 'incident' AND c.incident_id = u.incident_id) OR (u.unit = 'event' AND c.record_id = u.event_id))
),
per_unit AS (
    SELECT
        uc.unit_id,
        string_agg(DISTINCT uc.record_id, '; ' ORDER BY uc.record_id) AS claims,
        count(*) AS claim_count,
        count(DISTINCT uc.claimant_id) AS claimant_count,
        count(DISTINCT uc.source_id) AS source_count,
        bool_or(EXISTS (SELECT 1 FROM disputes AS d WHERE uc.record_id IN (d.record_id, d.other_record_id))) AS disputed,
        string_agg(DISTINCT uc.claimant, '; ' ORDER BY uc.claimant) AS claimants
    FROM unit_claims AS uc
    GROUP BY uc.unit_id
),
per_unit_sources AS (
    SELECT
        su.unit_id,
        string_agg(concat(s.source_id, ' (', s.published_date, ')'), '; ' ORDER BY s.published_date, s.source_id) AS source_article,
        string_agg(s.publisher, '; ' ORDER BY s.published_date, s.source_id) AS source_office,
        string_agg(s.published_date::VARCHAR, '; ' ORDER BY s.published_date, s.source_id) AS source_date,
        string_agg(s.title, '; ' ORDER BY s.published_date, s.source_id) AS source_headline
    FROM (SELECT DISTINCT unit_id, source_id FROM unit_claims) AS su
    JOIN sources AS s ON s.source_id = su.source_id
    GROUP BY su.unit_id
)
SELECT pu.*, ps.source_article, ps.source_office, ps.source_date, ps.source_headline
FROM per_unit AS pu
LEFT JOIN per_unit_sources AS ps ON ps.unit_id = pu.unit_id;
