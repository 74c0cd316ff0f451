-- Question: Which state's side is each actor on, following its parents up to the top?
--
-- One row per actor: the state it belongs to, found by walking actors.parent_id
-- upwards (recursively, so an armed force under an unrecognised republic, a
-- spokesperson under a ministry under a government, each reaches its top).
-- The top-level mapping, the only rule that is not derived from the tree:
--   1. the nearest actor of type 'state' on the chain (the actor itself
--      first, then its parent, its parent's parent, ...) is the side
--      (side_basis 'parent chain', or 'itself' for a state);
--   2. an actor with no state on its chain takes the state actor of the
--      nearest country on the chain (side_basis 'country'): a journalist
--      of a Russian newspaper is on no side by rule 1, Russia's by rule 2;
--   3. otherwise no side (international organisations, the unattributed).
-- A state's parent is never followed past it, so an unrecognised state (the
-- Nagorno-Karabakh Republic, no country code) is its own side and its forces
-- are on its side, whatever country they stand in.
-- side_iso3, side_gwcode, side_iso_numeric: the side state's ISO 3166-1
-- alpha-3 (actors.country), Gleditsch-Ward and ISO numeric codes (the
-- crosswalk of actors, each confirmed by pycountry or countrycode; empty for
-- a state that has none). ged_side_name: the side as UCDP GED names a
-- government, "Government of <state>" (the form of GED's side_a and side_b,
-- e.g. "Government of Afghanistan" in the GED 20.1 tables of the R package
-- mcgirjau/ucdp, README.md at commit 3aaf961,
-- https://github.com/mcgirjau/ucdp/blob/3aaf961797e1651581f1a1204c69b40f62b4334b/README.md),
-- for states in the Gleditsch-Ward system (gwcode set), under GED's name for
-- the country where it is not the dataset's: Russia is "Russia (Soviet
-- Union)" in GED (the conflict "Russia (Soviet Union): Chechnya" in the same
-- README). A state outside the system keeps its own name, since GED's name
-- for it could not be confirmed.
-- The chain is followed at most 32 steps, so a cycle cannot loop forever.
CREATE OR REPLACE VIEW actor_sides AS
WITH RECURSIVE
chain(actor_id, ancestor_id, depth) AS (
    SELECT actor_id, actor_id, 0 FROM actors
    UNION ALL
    SELECT c.actor_id, a.parent_id, c.depth + 1
    FROM chain AS c
    JOIN actors AS a ON a.actor_id = c.ancestor_id
    WHERE a.parent_id IS NOT NULL AND a.actor_type <> 'state' AND c.depth < 32
),
steps AS (
    SELECT c.actor_id, c.depth, a.actor_id AS ancestor_id, a.actor_type AS ancestor_type, a.country AS ancestor_country
    FROM chain AS c
    JOIN actors AS a ON a.actor_id = c.ancestor_id
),
by_state AS (  -- rule 1: the nearest state on the chain
    SELECT actor_id, arg_min(ancestor_id, depth) AS side_id, min(depth) AS depth
    FROM steps WHERE ancestor_type = 'state' GROUP BY actor_id
),
by_country AS (  -- rule 2: the state actor of the nearest country on the chain
    SELECT actor_id, arg_min(ancestor_country, depth) AS country
    FROM steps WHERE ancestor_country IS NOT NULL GROUP BY actor_id
),
country_states AS (  -- the state actor of each country (one per country; the first by id if several)
    SELECT country, min(actor_id) AS side_id FROM actors WHERE actor_type = 'state' AND country IS NOT NULL GROUP BY country
),
sided AS (
    SELECT
        a.actor_id, a.name, a.actor_type,
        coalesce(bs.side_id, cs.side_id) AS side_id,
        CASE
            WHEN bs.side_id IS NOT NULL AND bs.depth = 0 THEN 'itself'
            WHEN bs.side_id IS NOT NULL THEN 'parent chain'
            WHEN cs.side_id IS NOT NULL THEN 'country'
        END AS side_basis
    FROM actors AS a
    LEFT JOIN by_state AS bs ON bs.actor_id = a.actor_id
    LEFT JOIN by_country AS bc ON bc.actor_id = a.actor_id
    LEFT JOIN country_states AS cs ON cs.country = bc.country AND bs.side_id IS NULL
)
SELECT
    s.actor_id,
    s.name,
    s.actor_type,
    s.side_id,
    st.name AS side_name,
    s.side_basis,
    st.country AS side_iso3,
    st.gwcode AS side_gwcode,
    st.iso3166_numeric AS side_iso_numeric,
    CASE WHEN st.gwcode IS NOT NULL THEN concat('Government of ', coalesce(g.ged_country, st.name)) ELSE st.name END AS ged_side_name
FROM sided AS s
LEFT JOIN actors AS st ON st.actor_id = s.side_id
LEFT JOIN (VALUES (365, 'Russia (Soviet Union)')) AS g(gwcode, ged_country) ON g.gwcode = st.gwcode
ORDER BY s.actor_id;
