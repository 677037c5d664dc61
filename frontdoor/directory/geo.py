"""Distances on the Earth's surface (pure Python, no Django).

Search narrows candidates with a bounding box on indexed latitude and longitude columns, then measures the exact
great-circle distance here. The box is a superset of the circle, so nothing within the radius is missed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_METRES = 6_371_008.8  # the mean radius (IUGG)
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Box:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_latitude <= latitude <= self.max_latitude
            and self.min_longitude <= longitude <= self.max_longitude
        )


def haversine_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude: float, longitude: float, radius_metres: float) -> Box:
    """The smallest latitude/longitude box that holds every point within the radius (UK latitudes: no poles)."""
    d_lat = math.degrees(radius_metres / EARTH_RADIUS_METRES)
    # The circle is widest in longitude at the latitude nearest a pole; allow for it
    widest = min(89.0, abs(latitude) + d_lat)
    d_lon = math.degrees(radius_metres / (EARTH_RADIUS_METRES * math.cos(math.radians(widest))))
    return Box(latitude - d_lat, latitude + d_lat, longitude - d_lon, longitude + d_lon)


def miles(metres: float) -> float:
    return metres / METRES_PER_MILE


def describe_distance(metres: float) -> str:
    """'0.3 miles', '1 mile', '12 miles': what people read in results."""
    value = miles(metres)
    if value < 0.1:
        return "less than 0.1 miles"
    if value < 10:
        rounded = round(value, 1)
        return "1 mile" if rounded == 1 else f"{rounded:g} miles"
    return f"{round(value)} miles"
