"""Deterministic mock stores across mainland Chinese cities (numpy, seeded).

Each city gets stores in proportion to its size (largest remainder, so counts add up). A store
sits in one of three clouds: around the city centre, around one of its districts (tighter), or
spread wide into the suburbs, so stores are densest in the middle. A store is named after the
nearest well-known place within 1.5 km ("Shanghai Xujiahui"), otherwise its district
("Shanghai Minhang 3"). A million stores take a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from store_locator.cities import CITIES, City
from store_locator.gazetteer import gazetteer
from store_locator.geo import FloatArray
from store_locator.model import DayHours, OpeningHours
from store_locator.table import StoreTable

DEFAULT_COUNT = 5_000
DEFAULT_SEED = 20_250_318
KM_PER_DEGREE = 111.32
LANDMARK_RADIUS_KM = 1.5
BREAKFAST_SHARE = 0.93

_REGULAR = DayHours(6 * 60, 23 * 60)
_LATE = DayHours(6 * 60, 2 * 60)  # past midnight
HOURS_MIX: tuple[tuple[OpeningHours, float], ...] = (
    (OpeningHours((_REGULAR,) * 7), 0.62),
    (OpeningHours.every_day("07:00", "23:00"), 0.10),
    (OpeningHours.every_day("07:00", "22:00"), 0.05),
    (OpeningHours.every_day("00:00", "24:00"), 0.10),
    (OpeningHours((_REGULAR,) * 4 + (_LATE, _LATE, _REGULAR)), 0.08),
    # a few stores close one day a week
    *(
        (OpeningHours(tuple(None if d == closed else _REGULAR for d in range(7))), 0.05 / 7)
        for closed in range(7)
    ),
)
ALL_DAY = 3  # index in HOURS_MIX: 24-hour stores always serve breakfast

Progress = Callable[[int, int], None]


def allocate(count: int, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Split `count` in proportion to `weights` (largest remainder: exact and deterministic)."""
    share = weights / weights.sum() * count
    counts = np.floor(share).astype(np.int64)
    short = count - int(counts.sum())
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[:short]] += 1
    return np.asarray(counts, dtype=np.int64)


def _offsets_km(
    rng: np.random.Generator, count: int, sigma_km: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    east = rng.standard_normal(count) * sigma_km
    north = rng.standard_normal(count) * sigma_km
    return east, north


def generate_table(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> StoreTable:
    """`count` mock stores as columns; the same `seed` always gives the same stores."""
    if count < 0:
        raise ValueError("count must be >= 0")
    rng = np.random.default_rng(seed)
    cities = CITIES
    per_city = allocate(count, np.array([c.weight for c in cities]))
    city_of = np.repeat(np.arange(len(cities)), per_city)

    centre_lat = np.array([c.lat for c in cities])[city_of]
    centre_lon = np.array([c.lon for c in cities])[city_of]
    spread = np.array([c.spread_km for c in cities])[city_of]

    # District clouds: pick one of the city's districts uniformly.
    n_districts = np.array([len(c.districts) for c in cities])
    first_district = np.concatenate(([0], np.cumsum(n_districts)[:-1]))
    district_lat = np.array([d.lat for c in cities for d in c.districts])
    district_lon = np.array([d.lon for c in cities for d in c.districts])
    pick = first_district[city_of] + (rng.random(count) * n_districts[city_of]).astype(np.int64)

    cloud = rng.random(count)
    around_district = (cloud >= 0.45) & (cloud < 0.85)
    suburbs = cloud >= 0.85
    base_lat = np.where(around_district, district_lat[pick], centre_lat)
    base_lon = np.where(around_district, district_lon[pick], centre_lon)
    sigma = spread * np.where(around_district, 0.4, np.where(suburbs, 2.2, 1.0))
    east, north = _offsets_km(rng, count, sigma)
    lat = np.clip(base_lat + north / KM_PER_DEGREE, -89.0, 89.0)
    lon = base_lon + east / (KM_PER_DEGREE * np.cos(np.radians(base_lat)))
    lat = np.round(lat, 6)
    lon = np.round(lon, 6)

    weights = np.array([w for _, w in HOURS_MIX])
    hours_code = rng.choice(len(HOURS_MIX), size=count, p=weights / weights.sum())
    breakfast = (rng.random(count) < BREAKFAST_SHARE) | (hours_code == ALL_DAY)

    districts, labels = _name_parts(cities, city_of, lat, lon)
    timezones = tuple(dict.fromkeys(c.timezone for c in cities))
    tz_of_city = np.array([timezones.index(c.timezone) for c in cities], dtype=np.int64)
    width = max(5, len(str(count)))
    return StoreTable(
        ids=[f"S{n:0{width}d}" for n in range(1, count + 1)],
        names=_numbered(labels),
        cities=[cities[c].name for c in city_of.tolist()],
        districts=districts,
        lat=lat,
        lon=lon,
        tz_code=tz_of_city[city_of],
        timezones=timezones,
        hours_code=hours_code.astype(np.int64),
        hours=tuple(h for h, _ in HOURS_MIX),
        breakfast=breakfast,
    )


def _name_parts(
    cities: tuple[City, ...],
    city_of: npt.NDArray[np.int64],
    lat: npt.NDArray[np.float64],
    lon: npt.NDArray[np.float64],
) -> tuple[list[str], list[str]]:
    """Each store's district (the nearest district centre of its city) and name label."""
    districts: list[str] = [""] * len(city_of)
    labels: list[str] = [""] * len(city_of)
    landmarks = gazetteer().landmarks
    for c, city in enumerate(cities):
        rows = np.flatnonzero(city_of == c)
        if rows.size == 0:
            continue
        cos_lat = float(np.cos(np.radians(city.lat)))
        here_lat, here_lon = lat[rows], lon[rows]

        def km(
            points: list[tuple[float, float]],
            here_lat: FloatArray = here_lat,
            here_lon: FloatArray = here_lon,
            cos_lat: float = cos_lat,
        ) -> FloatArray:
            plat = np.array([p[0] for p in points])
            plon = np.array([p[1] for p in points])
            dy = (here_lat[:, None] - plat[None, :]) * KM_PER_DEGREE
            dx = (here_lon[:, None] - plon[None, :]) * KM_PER_DEGREE * cos_lat
            return np.asarray(np.hypot(dx, dy), dtype=np.float64)

        nearest_district = km([(d.lat, d.lon) for d in city.districts]).argmin(axis=1)
        district_names = [d.name for d in city.districts]
        district_labels = [f"{city.name} {d}" for d in district_names]
        local = [p for p in landmarks if p.city == city.name]
        if local:
            to_landmark = km([(p.lat, p.lon) for p in local])
            nearest_landmark = to_landmark.argmin(axis=1)
            near = to_landmark[np.arange(rows.size), nearest_landmark] <= LANDMARK_RADIUS_KM
        else:
            nearest_landmark = np.zeros(rows.size, dtype=np.int64)
            near = np.zeros(rows.size, dtype=np.bool_)
        landmark_labels = [
            p.name if p.name.startswith(city.name) else f"{city.name} {p.name}" for p in local
        ]
        for row, d, m, is_near in zip(
            rows.tolist(),
            nearest_district.tolist(),
            nearest_landmark.tolist(),
            near.tolist(),
            strict=True,
        ):
            districts[row] = district_names[d]
            labels[row] = landmark_labels[m] if is_near else district_labels[d]
    return districts, labels


def _numbered(labels: list[str]) -> list[str]:
    """The first store with a label keeps it; the next ones get " 2", " 3", ..."""
    seen: dict[str, int] = {}
    names: list[str] = []
    for label in labels:
        n = seen.get(label, 0) + 1
        seen[label] = n
        names.append(label if n == 1 else f"{label} {n}")
    return names


def generate(
    count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED, progress: Progress | None = None
) -> StoreTable:
    """Same as `generate_table`, reporting `progress(done, total)` once done (for symmetry with
    the database load, which reports in batches)."""
    table = generate_table(count, seed)
    if progress is not None:
        progress(count, count)
    return table
