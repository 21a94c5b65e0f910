"""The built-in gazetteer: real places, found tolerantly."""

from __future__ import annotations

import pytest

from store_locator.cities import CITIES
from store_locator.errors import InvalidRequest, UnknownPlace
from store_locator.gazetteer import gazetteer, normalize, resolve_place


def test_at_least_a_hundred_landmarks_in_mainland_china() -> None:
    places = gazetteer()
    assert len(places.landmarks) >= 100
    cities = {c.name for c in CITIES}
    for place in places.places:
        assert place.city in cities
        assert 18 <= place.lat <= 54 and 73 <= place.lon <= 135, place
    names = [p.name for p in places.landmarks]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("query", "expected", "city"),
    [
        ("People's Square", "People's Square", "Shanghai"),
        ("peoples square", "People's Square", "Shanghai"),
        ("  PEOPLE SQUARE ", "People's Square", "Shanghai"),
        ("人民广场", "People's Square", "Shanghai"),
        ("Beijing West Railway Station", "Beijing West Railway Station", "Beijing"),
        ("beijing west station", "Beijing West Railway Station", "Beijing"),
        ("Bejing West Railway Staton", "Beijing West Railway Station", "Beijing"),
        ("the bund", "The Bund", "Shanghai"),
        ("xu jia hui", "Xujiahui", "Shanghai"),
        ("Forbiden City", "Forbidden City", "Beijing"),
        ("Xuhui", "Xuhui", "Shanghai"),
        ("Xuhui District", "Xuhui", "Shanghai"),
        ("Chaoyang, Changchun", "Chaoyang", "Changchun"),
        ("Chaoyang", "Chaoyang", "Beijing"),  # the bigger city wins
        ("Xi'an", "Xi'an", "Xi'an"),
        ("xian bell tower", "Bell Tower", "Xi'an"),
        ("PVG", "Shanghai Pudong International Airport", "Shanghai"),
    ],
)
def test_tolerant_matching(query: str, expected: str, city: str) -> None:
    place = resolve_place(query)
    assert (place.name, place.city) == (expected, city)


@pytest.mark.parametrize("query", ["pizza hut", "station", "", "   ", "Eiffel Tower"])
def test_unknown_places_say_so_with_suggestions(query: str) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_place(query)
    assert isinstance(caught.value, InvalidRequest)
    assert "unknown place" in str(caught.value)


def test_suggestions_point_at_the_likely_place() -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_place("West Railway")
    assert "Beijing West Railway Station" in caught.value.suggestions


def test_normalize() -> None:
    assert normalize("The Bund") == "bund"
    assert normalize("Beijing West Railway Station") == "beijing west station"
    assert normalize("Jing’an  Temple!") == "jingan temple"
