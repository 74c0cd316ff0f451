-- Question: Which happenings (incidents) did the claims describe, with their dates, counts, deaths and every claim?
--
-- One row per incident (raw/incidents.yaml): a strike, clash, death,
-- seizure, meeting, agreement or other happening that one or more claim
-- records describe. Count happenings here, not in the claim tables: the
-- five event records on Mingachevir of 9 October are two strike incidents,
-- the three meeting records of the Moscow talks are one meeting, Hadjian's
-- two casualty reports are one death.
-- Every figure is derived by the build from the incident's claims
-- (karabakh_data/build/incidents.py, codebook sections 17 and 18), never
-- typed: date_start..date_end is the intersection of its claims' ranges
-- (precision 'range' or 'days' when the claims only bound it), claim_count,
-- source_count and claimant_count, disputed (a dispute names one of its
-- claims), first_claim_date, and deaths_best/low/high from its casualty
-- claims with outcome killed. The claims stay visible beside it:
-- record_ids (every claim record, in table order), claimants (their
-- names), source_ids, and disputes (each dispute naming one of its claims,
-- as 'dis-id kind'). Place: the incident's place, with coordinates from the
-- place or, failing that, the place containing it (coords_from), as in
-- events_geo. historical is true when any claim is background history.
CREATE OR REPLACE VIEW incident_summary AS
WITH
members AS (
    SELECT
        c.incident_id,
        list(c.record_id ORDER BY c.record_id) AS record_ids,
        list(DISTINCT c.record_table ORDER BY c.record_table) AS record_tables,
        list(DISTINCT coalesce(c.claimant, c.claimant_id) ORDER BY coalesce(c.claimant, c.claimant_id))
            FILTER (WHERE c.claimant_id IS NOT NULL) AS claimants,
        list(DISTINCT c.source_id ORDER BY c.source_id) AS source_ids,
        bool_or(c.historical) AS historical
    FROM claims AS c
    WHERE c.incident_id IS NOT NULL
    GROUP BY c.incident_id
),
tensions AS (
    SELECT c.incident_id, list(DISTINCT concat(d.dispute_id, ' ', d.kind) ORDER BY concat(d.dispute_id, ' ', d.kind)) AS disputes
    FROM disputes AS d
    JOIN claims AS c ON c.record_id IN (d.record_id, d.other_record_id)
    WHERE c.incident_id IS NOT NULL
    GROUP BY c.incident_id
)
SELECT
    i.incident_id,
    i.incident_kind,
    i.description,
    i.place_id,
    p.name AS place,
    up.name AS within_place,
    coalesce(p.latitude, up.latitude) AS latitude,
    coalesce(p.longitude, up.longitude) AS longitude,
    coalesce(p.coord_precision, up.coord_precision) AS coord_precision,
    CASE WHEN p.latitude IS NOT NULL THEN 'place'
         WHEN up.latitude IS NOT NULL THEN 'containing place' END AS coords_from,
    i.date_start,
    i.date_end,
    i.date_precision,
    i.first_claim_date,
    i.claim_count,
    i.source_count,
    i.claimant_count,
    i.disputed,
    i.deaths_best,
    i.deaths_low,
    i.deaths_high,
    coalesce(m.historical, false) AS historical,
    coalesce(m.record_ids, []) AS record_ids,
    coalesce(m.record_tables, []) AS record_tables,
    coalesce(m.claimants, []) AS claimants,
    coalesce(m.source_ids, []) AS source_ids,
    coalesce(t.disputes, []) AS disputes
FROM incidents AS i
LEFT JOIN members AS m ON m.incident_id = i.incident_id
LEFT JOIN tensions AS t ON t.incident_id = i.incident_id
LEFT JOIN places AS p ON p.place_id = i.place_id
LEFT JOIN places AS up ON up.place_id = p.parent_id
ORDER BY i.date_start NULLS LAST, i.date_end NULLS LAST, i.incident_id;
