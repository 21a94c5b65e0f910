"""Positions on the Earth: validation, great-circle (haversine) distance, unit vectors.

`haversine_m` is *the* distance of this package: the index and the brute-force reference both
rank stores with it, so their answers agree to the last bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from store_locator.errors import InvalidCoordinates

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Position:
    """A validated latitude/longitude in degrees (WGS 84)."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        check_lat_lon(self.lat, self.lon)


def parse_coordinate(value: object, *, name: str, limit: float) -> float:
    """A finite float within ±`limit` from a number or numeric string, else InvalidCoordinates."""
    if isinstance(value, bool) or value is None:
        raise InvalidCoordinates(f"{name} must be a number, not {value!r}")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidCoordinates(f"{name} must be a number, not {value!r}") from None
    elif isinstance(value, int | float | np.floating | np.integer):
        number = float(value)
    else:
        raise InvalidCoordinates(f"{name} must be a number, not {type(value).__name__}")
    if not math.isfinite(number):
        raise InvalidCoordinates(f"{name} must be a finite number, not {value!r}")
    if not -limit <= number <= limit:
        raise InvalidCoordinates(f"{name} {number:g} is out of range [-{limit:g}, {limit:g}]")
    return number


def check_lat_lon(lat: object, lon: object) -> None:
    parse_coordinate(lat, name="latitude", limit=90.0)
    parse_coordinate(lon, name="longitude", limit=180.0)


def position(lat: object, lon: object) -> Position:
    """A `Position` from numbers or numeric strings; InvalidCoordinates if they are not valid."""
    return Position(
        parse_coordinate(lat, name="latitude", limit=90.0),
        parse_coordinate(lon, name="longitude", limit=180.0),
    )


def haversine_m(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Great-circle distances in metres from one point to arrays of points (degrees)."""
    phi2 = np.radians(lats)
    return haversine_rad(lat, lon, phi2, np.radians(lons), np.cos(phi2))


def haversine_rad(
    lat: float, lon: float, phi2: FloatArray, lambda2: FloatArray, cos_phi2: FloatArray
) -> FloatArray:
    """`haversine_m` with the far points already in radians (and their cosines): the same
    operations on the same numbers, so the same result to the last bit."""
    phi1 = math.radians(lat)
    half_dphi = (phi2 - phi1) * 0.5
    half_dlambda = (lambda2 - math.radians(lon)) * 0.5
    h = np.sin(half_dphi) ** 2 + math.cos(phi1) * cos_phi2 * np.sin(half_dlambda) ** 2
    distances: FloatArray = 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    return distances


def haversine_one(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points (degrees)."""
    return float(haversine_m(lat1, lon1, np.array([lat2]), np.array([lon2]))[0])


def unit_vectors(lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Points on the unit sphere, shape (n, 3): chord length there grows with arc length."""
    phi = np.radians(lats)
    lam = np.radians(lons)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """One point on the unit sphere (see `unit_vectors`)."""
    phi = math.radians(lat)
    lam = math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def chord_to_metres(chord: float) -> float:
    """Arc length in metres for a chord of the unit sphere."""
    return 2.0 * EARTH_RADIUS_M * math.asin(min(chord * 0.5, 1.0))
