-- Question: How precise is each incident's date and place, in UCDP GED's and ACLED's precision codes?
--
-- One row per export unit of the ucdp_ged-shaped and acled-shaped views
-- (to_ucdp_ged, to_acled): every incident, and every event claim of the
-- 2020 war that describes no incident (unit 'event': a claim such as "some
-- shelling of residential areas" that is not one countable happening,
-- codebook section 17; historical events without an incident are wars or
-- policies spanning years and are left out). Each row carries the dataset's
-- own precision fields (date_precision, the span in calendar days, the
-- place's place_type and coord_precision) and the four codes derived from
-- them by the mapping of codebook section 19:
--   date_prec       UCDP GED 1-5: day 1; a span of up to 6 calendar days 2;
--                   up to 7 days 3; month, or a span of up to 31 days 4;
--                   year, years, or any longer span 5 (GED's coarsest: a span
--                   of several years is coarser than GED can say).
--   where_prec      UCDP GED 1-7: building, city or village with point
--                   coordinates 1, with approximate ones 2, with a centroid 5
--                   (its position is known only loosely); district (an
--                   Azerbaijani rayon, a first-order unit in ISO 3166-2:AZ) 4;
--                   region, front sector or feature inside one country 5;
--                   country 6; a region or feature in no single country,
--                   or no place: empty (7 is water or airspace, never used).
--   time_precision  ACLED 1-3: day 1; up to 7 calendar days 2; month, or up
--                   to 31 days 3; longer: empty (ACLED has no coarser code).
--   geo_precision   ACLED 1-3: building, city or village with point or
--                   approximate coordinates 1; such a place with a centroid,
--                   or a district 2; region, front sector, feature, country 3;
--                   no place: empty.
-- A unit without a date (date_precision 'unknown') or a place has empty codes.
CREATE OR REPLACE VIEW precision_codes AS
WITH
units AS (
    SELECT
        'incident' AS unit, i.incident_id AS unit_id, i.incident_id, NULL::VARCHAR AS event_id,
        i.date_start, i.date_end, i.date_precision, i.place_id
    FROM incidents AS i
    UNION ALL
    SELECT
        'event', e.event_id, NULL, e.event_id,
        e.date_start, e.date_end, e.date_precision, e.place_id
    FROM events AS e
    WHERE e.incident_id IS NULL AND NOT e.historical
),
spans AS (
    SELECT u.*, p.place_type, p.coord_precision, p.country AS place_country,
           CAST(date_diff('day', u.date_start, u.date_end) + 1 AS BIGINT) AS span_days
    FROM units AS u
    LEFT JOIN places AS p ON p.place_id = u.place_id
)
SELECT
    unit,
    unit_id,
    incident_id,
    event_id,
    date_start,
    date_end,
    date_precision,
    span_days,
    place_id,
    place_type,
    coord_precision,
    CAST(CASE
        WHEN date_start IS NULL THEN NULL
        WHEN date_precision = 'day' OR span_days = 1 THEN 1
        WHEN date_precision IN ('year', 'years') THEN 5
        WHEN span_days <= 6 THEN 2
        WHEN span_days <= 7 THEN 3
        WHEN date_precision = 'month' OR span_days <= 31 THEN 4
        ELSE 5
    END AS BIGINT) AS date_prec,
    CAST(CASE
        WHEN place_type IS NULL THEN NULL
        WHEN place_type IN ('building', 'city', 'village') THEN
            CASE coord_precision WHEN 'point' THEN 1 WHEN 'approximate' THEN 2 ELSE 5 END
        WHEN place_type = 'district' THEN 4
        WHEN place_type = 'country' THEN 6
        WHEN place_country IS NOT NULL THEN 5
        ELSE NULL
    END AS BIGINT) AS where_prec,
    CAST(CASE
        WHEN date_start IS NULL THEN NULL
        WHEN date_precision = 'day' OR span_days = 1 THEN 1
        WHEN date_precision IN ('year', 'years') THEN NULL
        WHEN span_days <= 7 THEN 2
        WHEN date_precision = 'month' OR span_days <= 31 THEN 3
        ELSE NULL
    END AS BIGINT) AS time_precision,
    CAST(CASE
        WHEN place_type IS NULL THEN NULL
        WHEN place_type IN ('building', 'city', 'village') THEN
            CASE WHEN coord_precision IN ('point', 'approximate') THEN 1 ELSE 2 END
        WHEN place_type = 'district' THEN 2
        ELSE 3
    END AS BIGINT) AS geo_precision
FROM spans
ORDER BY date_start NULLS LAST, unit_id;
