"""raw/ -> checked tables -> Parquet + DuckDB + manifest.

Read (rawio, fastyaml, ingest), check per document and across documents
(fastbuild, checks), assemble the tables (fastbuild, frames), write
(output, duckdb_update); pipeline.build() runs the stages. Stands on
schema/ and paths only; nothing in access/ or explore/ imports it.
"""

from .pipeline import BuildResult, build, raw_fingerprint, validate, validate_reference

__all__ = ["BuildResult", "build", "raw_fingerprint", "validate", "validate_reference"]
