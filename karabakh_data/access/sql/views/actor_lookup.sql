-- Question: Which actor does a name or spelling refer to?
--
-- One row per spelling of an actor (every alias, and the canonical name):
-- alias, actor_id, canonical name, actor type, and alias_key, the alias in
-- lower case without accents, for matching:
--   WHERE alias_key = lower(strip_accents('Mnatsakanian')).
-- From Python, karabakh_data.resolve(name) does the same and also folds
-- typographic apostrophes and suggests near matches for a misspelling.
CREATE OR REPLACE VIEW actor_lookup AS
WITH spellings AS (
    SELECT actor_id, unnest(aliases) AS alias FROM actors
    UNION
    SELECT actor_id, name FROM actors
)
SELECT
    s.alias,
    s.actor_id,
    a.name,
    a.actor_type,
    s.alias = a.name AS is_canonical,
    lower(strip_accents(s.alias)) AS alias_key
FROM spellings AS s
JOIN actors AS a ON a.actor_id = s.actor_id
ORDER BY alias_key, s.actor_id, s.alias;
