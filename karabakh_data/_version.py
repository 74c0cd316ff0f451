"""The dataset version (semantic versioning; see docs/versioning.md).

`karabakh-data release --snapshot` writes __date_released__ when it records a
release; CITATION.cff, `karabakh_data.cite()` and the release archive read both.
"""

__version__ = "2.0.0"
__date_released__ = "2026-12-06"
