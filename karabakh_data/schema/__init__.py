"""The ground floor: what a record and a table are (Pydantic models, the table specs, JSON Schema).

The table specs state each table's rules once; the build turns them into its
Pandera schema and its Arrow checks (build/), so Pandera is imported only by
the build, when it checks a release, and by the tests.

Imports nothing else of the package; build/, access/ and the rest stand on it.
"""
