"""raw/ -> checked tables -> Parquet + DuckDB + manifest. Stands on schema/ and paths only; nothing in access/ or explore/ imports it.

The modules, in the order of the flow (`pipeline.build` runs them all;
`pipeline.validate` stops before writing):

* read: rawtree (which files under raw/ are inputs), rawio (a raw file's
  text; any YAML, safely, with lines), plainyaml (the plain YAML coders
  write, fast; the values both readers build), ingest (records validated
  by Pydantic, one at a time);
* work per document: documents (read, validate, check a document's source
  text and quotes, its Arrow columns; shared with a standard process pool on a cold build),
  cache (those results kept between builds), quotes;
* check across documents: crosscheck (ids, references, parent chains,
  exclusions);
* assemble: tables (work schemas, the released tables, the table checks,
  Pandera), incidents (the incidents' derived columns);
* write: output (Parquet, DuckDB, manifest, atomic swap; an incremental
  build's DuckDB file);
* stages (the stages before writing), pipeline (the whole build), problems
  (what every stage reports), feedback (a failed run's problems completed,
  each with its fix).
"""
