"""karabakh_data.plot: the figures; the code lives in explore/plot.py.

Kept at this name because it is public API (README: `karabakh_data.plot.timeline()`).
"""

from .explore.plot import casualties, map, save, timeline, write_all  # noqa: A004

__all__ = ["casualties", "map", "save", "timeline", "write_all"]
