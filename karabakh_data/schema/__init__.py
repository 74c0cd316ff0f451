"""The ground floor: what a record and a table are (Pydantic models, the table specs, Pandera schemas, JSON Schema).

Imports nothing else of the package; build/, access/ and the rest stand on it.
"""
