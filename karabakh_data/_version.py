"""The dataset version (semantic versioning; see README "Versioning")."""

__version__ = "0.1.0"
