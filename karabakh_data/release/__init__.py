"""Making and describing a release: citation, metadata, data dictionary, snapshots, diffs, versioning, the archive.

May use both build/ and access/. Kept light: `import karabakh_data` imports cite.py from here.
"""
