"""Great-circle distance and coordinate validation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from store_locator.errors import InvalidCoordinates, InvalidRequest
from store_locator.geo import (
    EARTH_RADIUS_M,
    Position,
    chord_to_metres,
    haversine_m,
    haversine_one,
    position,
    unit_vector,
    unit_vectors,
)


def test_known_distances() -> None:
    # People's Square, Shanghai to Tiananmen Square, Beijing: about 1,068 km.
    assert haversine_one(31.2304, 121.4737, 39.9055, 116.3976) == pytest.approx(1_067_900, rel=2e-3)
    assert haversine_one(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-4)
    assert haversine_one(31.2, 121.4, 31.2, 121.4) == 0.0
    assert haversine_one(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M)
    assert haversine_one(10, 179.9, 10, -179.9) == pytest.approx(21_900, rel=1e-2)  # dateline


@given(st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180))
def test_haversine_is_symmetric_and_matches_the_chord(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    there = haversine_one(lat1, lon1, lat2, lon2)
    back = haversine_one(lat2, lon2, lat1, lon1)
    assert there == pytest.approx(back, abs=1e-6)
    chord = math.dist(unit_vector(lat1, lon1), unit_vector(lat2, lon2))
    assert chord_to_metres(chord) == pytest.approx(there, abs=1e-3)


def test_unit_vectors_agree_with_the_scalar_form() -> None:
    lats, lons = np.array([0.0, 45.0, -90.0]), np.array([0.0, 90.0, 10.0])
    for row, (lat, lon) in zip(unit_vectors(lats, lons), zip(lats, lons, strict=True), strict=True):
        assert tuple(row) == pytest.approx(unit_vector(lat, lon))


def test_a_subset_gets_the_same_bits_as_the_whole() -> None:
    rng = np.random.default_rng(7)
    lats, lons = rng.uniform(-90, 90, 10_001), rng.uniform(-180, 180, 10_001)
    everything = haversine_m(31.2, 121.4, lats, lons)
    rows = rng.choice(lats.size, 37, replace=False)
    assert np.array_equal(haversine_m(31.2, 121.4, lats[rows], lons[rows]), everything[rows])


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (91, 0),
        (-90.0001, 0),
        (0, 180.5),
        (float("nan"), 0),
        (0, float("inf")),
        ("abc", 0),
        ("", 1),
        (True, 0),
        (None, 0),
        ([1], 0),
        ("nan", "1"),
    ],
)
def test_invalid_coordinates_are_refused_clearly(lat: object, lon: object) -> None:
    with pytest.raises(InvalidCoordinates) as caught:
        position(lat, lon)
    assert isinstance(caught.value, InvalidRequest)
    assert "latitude" in str(caught.value) or "longitude" in str(caught.value)


def test_numbers_as_strings_and_edges_are_accepted() -> None:
    assert position(" 31.5 ", "-121") == Position(31.5, -121.0)
    assert position(90, -180) == Position(90.0, -180.0)
    with pytest.raises(InvalidCoordinates):
        Position(91.0, 0.0)
