"""What the menu allows, the same in every language: which items are set meals and what each
slot accepts, which options each item takes, each option's group and how many of a group one
item may have. Compiled once per menu and shared by the English and Chinese vocabularies."""

from __future__ import annotations

from dataclasses import dataclass

from menu.model import Menu


@dataclass(frozen=True, slots=True)
class Slot:
    """One slot of a set meal: its id and the items it accepts."""

    id: str
    choices: frozenset[str]


@dataclass(frozen=True, slots=True)
class MenuRules:
    """Build it with `MenuRules.of(menu)`."""

    combos: dict[str, tuple[Slot, ...]]
    item_options: dict[str, frozenset[str]]
    item_groups: dict[str, frozenset[str]]
    option_group: dict[str, str]
    group_max: dict[str, int]

    @classmethod
    def of(cls, menu: Menu) -> MenuRules:
        return cls(
            combos={
                combo.id: tuple(
                    Slot(slot.id, frozenset(choice.item for choice in slot.choices))
                    for slot in combo.slots
                )
                for combo in menu.combos
            },
            item_options={
                item.id: frozenset(
                    option.id for group in menu.groups_of(item.id) for option in group.options
                )
                for item in menu.items
            },
            item_groups={item.id: frozenset(item.modifier_groups) for item in menu.items},
            option_group={
                option.id: group.id for group in menu.modifier_groups for option in group.options
            },
            group_max={group.id: group.max for group in menu.modifier_groups},
        )

    def is_combo(self, product_id: str) -> bool:
        return product_id in self.combos

    def allows(self, product_id: str, option_id: str) -> bool:
        """True when the option belongs to one of the item's modifier groups."""
        return option_id in self.item_options.get(product_id, frozenset())
