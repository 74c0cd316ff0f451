"""raw/ -> checked tables -> Parquet + DuckDB + manifest.

Read (rawio, plainyaml, ingest), work per document (documents, also in
worker processes of a process pool; kept in the cache), check across documents
(crosscheck, checks), assemble and check the tables (assemble, columns;
Pandera: frames), write (output, duckdb_update); stages.run() does all
before writing and pipeline.build() the whole. Stands on
schema/ and paths only; nothing in access/ or explore/ imports it.
"""

from .pipeline import BuildResult, build, raw_fingerprint, validate

__all__ = ["BuildResult", "build", "raw_fingerprint", "validate"]
