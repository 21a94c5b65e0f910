"""Read and validate a `menu-feed/1` document into a `Menu`.

Validation runs in two passes: pydantic checks the shape (types, required fields), then
`_check_rules` checks every rule of the format (unique ids, references, limits, defaults,
dayparts, prices, both languages). Every problem is reported at once, each with the path to
the place in the feed (`items[4].modifier_groups[1]: unknown group 'syrup'`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError
from rapidfuzz.distance import Levenshtein

from menu.errors import FeedProblem, InvalidFeed
from menu.model import (
    Aliases,
    Category,
    Combo,
    Daypart,
    Item,
    Localized,
    Menu,
    ModifierGroup,
    Option,
    Slot,
    SlotChoice,
)

SCHEMA = "menu-feed/1"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class LocalizedShape(_Shape):
    en: StrictStr
    zh: StrictStr


class AliasesShape(_Shape):
    en: list[StrictStr]
    zh: list[StrictStr]


class DaypartShape(_Shape):
    id: StrictStr
    name: LocalizedShape
    start: StrictStr
    end: StrictStr


class CategoryShape(_Shape):
    id: StrictStr
    name: LocalizedShape


class OptionShape(_Shape):
    id: StrictStr
    name: LocalizedShape
    price: StrictInt
    aliases: AliasesShape


class ModifierGroupShape(_Shape):
    id: StrictStr
    name: LocalizedShape
    min: StrictInt
    max: StrictInt
    default: StrictStr | None
    options: list[OptionShape]


class ItemShape(_Shape):
    id: StrictStr
    category: StrictStr
    name: LocalizedShape
    aliases: AliasesShape
    price: StrictInt
    dayparts: list[StrictStr]
    modifier_groups: list[StrictStr]
    tags: list[StrictStr] = []


class ChoiceShape(_Shape):
    item: StrictStr
    upcharge: StrictInt
    options: list[StrictStr] = []


class SlotShape(_Shape):
    id: StrictStr
    name: LocalizedShape
    default: StrictStr | None
    choices: list[ChoiceShape]


class ComboShape(_Shape):
    id: StrictStr
    category: StrictStr
    name: LocalizedShape
    aliases: AliasesShape
    price: StrictInt
    dayparts: list[StrictStr]
    slots: list[SlotShape]


class BrandShape(_Shape):
    id: StrictStr
    name: LocalizedShape


class FeedShape(_Shape):
    schema_: StrictStr
    brand: BrandShape
    currency: StrictStr
    price_unit: StrictStr
    timezone: StrictStr
    dayparts: list[DaypartShape]
    categories: list[CategoryShape]
    modifier_groups: list[ModifierGroupShape]
    items: list[ItemShape]
    combos: list[ComboShape] = []


@dataclass(frozen=True, slots=True)
class LoadedFeed:
    """A validated feed: the menu, the exact document, and its checksum (the menu's version)."""

    menu: Menu
    document: dict[str, Any]
    checksum: str


def checksum_of(document: dict[str, Any]) -> str:
    """SHA-256 of the document in canonical JSON, so formatting does not change the version."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_feed_file(path: Path | str) -> LoadedFeed:
    """Read a feed file and validate it; any problem raises `InvalidFeed` naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidFeed([FeedProblem(str(path), "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidFeed([FeedProblem(str(path), f"cannot read: {error}")]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{path}:{error.lineno}:{error.colno}"
        raise InvalidFeed([FeedProblem(where, f"not valid JSON: {error.msg}")]) from None
    return load_feed(document)


def load_feed(document: Any) -> LoadedFeed:
    """Validate a parsed feed document and build the `Menu`."""
    if not isinstance(document, dict):
        raise InvalidFeed([FeedProblem("$", "a feed must be a JSON object")])
    shaped = {**document, "schema_": document.get("schema")}
    shaped.pop("schema", None)
    try:
        shape = FeedShape.model_validate(shaped)
    except ValidationError as error:
        raise InvalidFeed(_shape_problems(error)) from None
    problems = list(_misspelled_fields(document, FeedShape)) + list(_check_rules(shape))
    if problems:
        raise InvalidFeed(problems)
    return LoadedFeed(menu=_build_menu(shape), document=document, checksum=checksum_of(document))


def _path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = "schema" if part == "schema_" else part
            out += f".{name}" if out else name
    return out or "$"


def _shape_problems(error: ValidationError) -> list[FeedProblem]:
    problems = []
    for detail in error.errors():
        loc = [part for part in detail["loc"] if part not in ("function-after",)]
        message = detail["msg"]
        if detail["type"] == "missing":
            message = "required field is missing"
        problems.append(FeedProblem(_path(loc), message))
    return problems


def _misspelled_fields(
    value: Any, shape: type[BaseModel], where: str = ""
) -> Iterable[FeedProblem]:
    """Unknown fields are allowed (feeds may carry extra data), but one that looks like a typo of
    a known field ("combo" for "combos") would silently drop data, so it is refused."""
    if not isinstance(value, dict):
        return
    known = {
        ("schema" if name == "schema_" else name): info for name, info in shape.model_fields.items()
    }
    for key, child in value.items():
        path = f"{where}.{key}" if where else key
        info = known.get(key)
        if info is None:
            close = [name for name in known if _near(key, name)]
            if close:
                yield FeedProblem(path, f"unknown field; did you mean '{close[0]}'?")
            continue
        yield from _misspelled_children(child, info.annotation, path)


def _misspelled_children(value: Any, annotation: Any, where: str) -> Iterable[FeedProblem]:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(value, list):
                for n, element in enumerate(value):
                    yield from _misspelled_fields(element, candidate, f"{where}[{n}]")
            else:
                yield from _misspelled_fields(value, candidate, where)
            return


def _near(key: str, name: str) -> bool:
    key, name = key.lower(), name.lower()
    if key == name or key.rstrip("s") == name.rstrip("s"):
        return True
    return len(name) > 3 and Levenshtein.distance(key, name) <= 1


def _parse_time(text: str, *, allow_midnight_end: bool = False) -> time | None:
    if allow_midnight_end and text == "24:00":
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(text)
    return time(int(match.group(1)), int(match.group(2)))


def _check_localized(where: str, text: LocalizedShape) -> Iterable[FeedProblem]:
    for lang in ("en", "zh"):
        if not getattr(text, lang).strip():
            yield FeedProblem(f"{where}.{lang}", "must not be empty (both languages are required)")


def _check_aliases(where: str, aliases: AliasesShape) -> Iterable[FeedProblem]:
    for lang in ("en", "zh"):
        for index, alias in enumerate(getattr(aliases, lang)):
            if not alias.strip():
                yield FeedProblem(f"{where}.{lang}[{index}]", "alias must not be empty")


def _check_price(where: str, price: int) -> Iterable[FeedProblem]:
    if price < 0:
        yield FeedProblem(where, f"must be a non-negative integer in minor units, got {price}")


def _duplicates(where: str, ids: Iterable[tuple[str, str]], kind: str) -> Iterable[FeedProblem]:
    seen: dict[str, str] = {}
    for path, ident in ids:
        if not ident.strip():
            yield FeedProblem(path, f"{kind} id must not be empty")
        elif ident in seen:
            yield FeedProblem(path, f"duplicate {kind} id '{ident}' (first at {seen[ident]})")
        else:
            seen[ident] = path


def _check_rules(feed: FeedShape) -> Iterable[FeedProblem]:  # noqa: C901 - one rule per block
    if feed.schema_ != SCHEMA:
        yield FeedProblem("schema", f"must be '{SCHEMA}', got '{feed.schema_}'")
    if not _CURRENCY.match(feed.currency):
        yield FeedProblem("currency", f"must be an ISO 4217 code like 'CNY', got '{feed.currency}'")
    if not feed.price_unit.strip():
        yield FeedProblem("price_unit", "must not be empty")
    try:
        ZoneInfo(feed.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield FeedProblem("timezone", f"unknown IANA time zone '{feed.timezone}'")
    yield from _check_localized("brand.name", feed.brand.name)

    yield from _duplicates(
        "dayparts", ((f"dayparts[{i}].id", d.id) for i, d in enumerate(feed.dayparts)), "daypart"
    )
    for i, daypart in enumerate(feed.dayparts):
        where = f"dayparts[{i}]"
        yield from _check_localized(f"{where}.name", daypart.name)
        start = end = None
        try:
            start = _parse_time(daypart.start)
        except ValueError:
            yield FeedProblem(f"{where}.start", f"'{daypart.start}' is not a time HH:MM")
        try:
            end = _parse_time(daypart.end, allow_midnight_end=True)
        except ValueError:
            yield FeedProblem(f"{where}.end", f"'{daypart.end}' is not a time HH:MM")
        else:
            if start is not None and end == start:
                yield FeedProblem(where, f"start and end are both {daypart.start}: empty daypart")

    yield from _duplicates(
        "categories",
        ((f"categories[{i}].id", c.id) for i, c in enumerate(feed.categories)),
        "category",
    )
    for i, category in enumerate(feed.categories):
        yield from _check_localized(f"categories[{i}].name", category.name)

    yield from _duplicates(
        "modifier_groups",
        ((f"modifier_groups[{i}].id", g.id) for i, g in enumerate(feed.modifier_groups)),
        "modifier group",
    )
    yield from _duplicates(
        "options",
        (
            (f"modifier_groups[{i}].options[{j}].id", o.id)
            for i, g in enumerate(feed.modifier_groups)
            for j, o in enumerate(g.options)
        ),
        "option",
    )
    for i, group in enumerate(feed.modifier_groups):
        where = f"modifier_groups[{i}]"
        yield from _check_localized(f"{where}.name", group.name)
        if group.min < 0:
            yield FeedProblem(f"{where}.min", f"must be 0 or more, got {group.min}")
        if group.max < 1:
            yield FeedProblem(f"{where}.max", f"must be 1 or more, got {group.max}")
        if group.min > group.max:
            yield FeedProblem(where, f"min {group.min} is greater than max {group.max}")
        if group.max > len(group.options):
            yield FeedProblem(
                f"{where}.max", f"max {group.max} exceeds the {len(group.options)} options"
            )
        if group.default is not None and group.default not in {o.id for o in group.options}:
            yield FeedProblem(
                f"{where}.default", f"default '{group.default}' is not an option of this group"
            )
        for j, option in enumerate(group.options):
            yield from _check_localized(f"{where}.options[{j}].name", option.name)
            yield from _check_aliases(f"{where}.options[{j}].aliases", option.aliases)
            yield from _check_price(f"{where}.options[{j}].price", option.price)

    daypart_ids = {d.id for d in feed.dayparts}
    category_ids = {c.id for c in feed.categories}
    group_by_id = {g.id: g for g in feed.modifier_groups}
    item_by_id = {item.id: item for item in feed.items}

    yield from _duplicates(
        "products",
        [
            *((f"items[{i}].id", item.id) for i, item in enumerate(feed.items)),
            *((f"combos[{i}].id", combo.id) for i, combo in enumerate(feed.combos)),
        ],
        "item or combo",
    )

    def common(where: str, product: ItemShape | ComboShape) -> Iterable[FeedProblem]:
        yield from _check_localized(f"{where}.name", product.name)
        yield from _check_aliases(f"{where}.aliases", product.aliases)
        yield from _check_price(f"{where}.price", product.price)
        if product.category not in category_ids:
            yield FeedProblem(f"{where}.category", f"unknown category '{product.category}'")
        if not product.dayparts:
            yield FeedProblem(f"{where}.dayparts", "must name at least one daypart")
        for k, daypart_id in enumerate(product.dayparts):
            if daypart_id not in daypart_ids:
                yield FeedProblem(f"{where}.dayparts[{k}]", f"unknown daypart '{daypart_id}'")
            elif daypart_id in product.dayparts[:k]:
                yield FeedProblem(f"{where}.dayparts[{k}]", f"daypart '{daypart_id}' repeated")

    for i, item in enumerate(feed.items):
        where = f"items[{i}]"
        yield from common(where, item)
        seen_groups: set[str] = set()
        for k, group_id in enumerate(item.modifier_groups):
            if group_id not in group_by_id:
                yield FeedProblem(f"{where}.modifier_groups[{k}]", f"unknown group '{group_id}'")
            elif group_id in seen_groups:
                yield FeedProblem(f"{where}.modifier_groups[{k}]", f"group '{group_id}' repeated")
            seen_groups.add(group_id)

    for i, combo in enumerate(feed.combos):
        where = f"combos[{i}]"
        yield from common(where, combo)
        if not combo.slots:
            yield FeedProblem(f"{where}.slots", "a combo needs at least one slot")
        yield from _duplicates(
            f"{where}.slots",
            ((f"{where}.slots[{k}].id", s.id) for k, s in enumerate(combo.slots)),
            "slot",
        )
        for k, slot in enumerate(combo.slots):
            slot_where = f"{where}.slots[{k}]"
            yield from _check_localized(f"{slot_where}.name", slot.name)
            if not slot.choices:
                yield FeedProblem(f"{slot_where}.choices", "a slot needs at least one choice")
            choice_items = [choice.item for choice in slot.choices]
            if slot.default is not None and slot.default not in choice_items:
                yield FeedProblem(
                    f"{slot_where}.default", f"default '{slot.default}' is not one of the choices"
                )
            seen_choices: set[str] = set()
            for m, choice in enumerate(slot.choices):
                choice_where = f"{slot_where}.choices[{m}]"
                yield from _check_price(f"{choice_where}.upcharge", choice.upcharge)
                component = item_by_id.get(choice.item)
                if component is None:
                    yield FeedProblem(f"{choice_where}.item", f"unknown item '{choice.item}'")
                    continue
                if choice.item in seen_choices:
                    yield FeedProblem(f"{choice_where}.item", f"item '{choice.item}' repeated")
                seen_choices.add(choice.item)
                yield from _check_preset_options(choice_where, choice, component, group_by_id)


def _check_preset_options(
    where: str,
    choice: ChoiceShape,
    component: ItemShape,
    group_by_id: dict[str, ModifierGroupShape],
) -> Iterable[FeedProblem]:
    allowed = {
        option.id: group_id
        for group_id in component.modifier_groups
        if group_id in group_by_id
        for option in group_by_id[group_id].options
    }
    per_group: dict[str, int] = {}
    for n, option_id in enumerate(choice.options):
        group_id = allowed.get(option_id)
        if group_id is None:
            yield FeedProblem(
                f"{where}.options[{n}]",
                f"option '{option_id}' is not allowed on item '{component.id}'",
            )
            continue
        per_group[group_id] = per_group.get(group_id, 0) + 1
        if per_group[group_id] > group_by_id[group_id].max:
            yield FeedProblem(
                f"{where}.options[{n}]",
                f"too many options of group '{group_id}' (max {group_by_id[group_id].max})",
            )


def _localized(shape: LocalizedShape) -> Localized:
    return Localized(en=shape.en, zh=shape.zh)


def _aliases(shape: AliasesShape) -> Aliases:
    return Aliases(en=tuple(shape.en), zh=tuple(shape.zh))


def _build_menu(feed: FeedShape) -> Menu:
    dayparts = []
    for daypart in feed.dayparts:
        start = _parse_time(daypart.start)
        assert start is not None
        end = _parse_time(daypart.end, allow_midnight_end=True)
        dayparts.append(Daypart(daypart.id, _localized(daypart.name), start, end))
    return Menu(
        schema=feed.schema_,
        brand_id=feed.brand.id,
        brand_name=_localized(feed.brand.name),
        currency=feed.currency,
        price_unit=feed.price_unit,
        timezone=feed.timezone,
        dayparts=tuple(dayparts),
        categories=tuple(Category(c.id, _localized(c.name)) for c in feed.categories),
        modifier_groups=tuple(
            ModifierGroup(
                id=g.id,
                name=_localized(g.name),
                min=g.min,
                max=g.max,
                default=g.default,
                options=tuple(
                    Option(o.id, _localized(o.name), o.price, _aliases(o.aliases))
                    for o in g.options
                ),
            )
            for g in feed.modifier_groups
        ),
        items=tuple(
            Item(
                id=i.id,
                category=i.category,
                name=_localized(i.name),
                aliases=_aliases(i.aliases),
                price=i.price,
                dayparts=tuple(i.dayparts),
                modifier_groups=tuple(i.modifier_groups),
                tags=tuple(i.tags),
            )
            for i in feed.items
        ),
        combos=tuple(
            Combo(
                id=c.id,
                category=c.category,
                name=_localized(c.name),
                aliases=_aliases(c.aliases),
                price=c.price,
                dayparts=tuple(c.dayparts),
                slots=tuple(
                    Slot(
                        id=s.id,
                        name=_localized(s.name),
                        default=s.default,
                        choices=tuple(
                            SlotChoice(ch.item, ch.upcharge, tuple(ch.options)) for ch in s.choices
                        ),
                    )
                    for s in c.slots
                ),
            )
            for c in feed.combos
        ),
    )
