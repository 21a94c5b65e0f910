"""`breakfast db` and `breakfast menu`: the schema, and importing and showing the menu."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from menu.listing import MenuListing, menu_listing
from menu.model import Language
from ordering import catalog
from ordering.cli.common import JsonFlag, MenuFeedOption, err, opened, out, parse_time
from ordering.persistence.db import current_revision, head_revision, upgrade


def db_upgrade() -> None:
    """Create or migrate the database schema to the latest revision."""

    with opened(migrate=False, seed_menu=False) as built:
        before = current_revision(built.engine)
        upgrade(built.engine)
        after = current_revision(built.engine)
    url = built.engine.url.render_as_string(hide_password=True)
    verb = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    err.print(f"{url}: {verb} revision {after} (head {head_revision()})")


def menu_import(
    feed: Annotated[Path, typer.Argument(help="A menu-feed/1 JSON file.", dir_okay=False)],
) -> None:
    """Replace the menu with FEED in one transaction (a bad feed changes nothing)."""

    with opened(seed_menu=False) as built:
        version = catalog.import_menu(uow=built.uow(), feed_path=feed, now=datetime.now(UTC))
    err.print(
        f"imported {feed} as menu version {version.id} "
        f"(checksum {version.checksum[:12]}, {version.imported_at:%Y-%m-%d %H:%M:%S} UTC)"
    )


def menu_versions(json_output: JsonFlag = False) -> None:
    """List every imported menu version, newest last."""
    with opened() as built:
        versions = catalog.menu_versions(uow=built.uow())
    if json_output:
        for v in versions:
            print(
                json.dumps(
                    {
                        "id": v.id,
                        "checksum": v.checksum,
                        "source": v.source,
                        "imported_at": v.imported_at.isoformat(),
                        "brand": v.brand_id,
                    }
                )
            )
        return
    table = Table("version", "imported at", "checksum", "brand", "source")
    for v in versions:
        table.add_row(
            str(v.id), f"{v.imported_at:%Y-%m-%d %H:%M:%S}", v.checksum[:12], v.brand_id, v.source
        )
    out.print(table)


def menu_show(
    at: Annotated[
        str | None, typer.Option(help="ISO 8601 time to show the menu for (default: now).")
    ] = None,
    lang: Annotated[Language, typer.Option(help="Language of names: en or zh.")] = "en",
    json_output: JsonFlag = False,
    menu_feed: MenuFeedOption = None,
) -> None:
    """What can be ordered at a time, by category, with prices, options and set-meal slots."""
    moment = parse_time(at)
    with opened(menu_feed) as built:
        listing = menu_listing(built.menu().menu, moment, lang)
    if json_output:
        print(json.dumps(listing.to_dict(), ensure_ascii=False))
        return
    _render_listing(listing)


def _render_listing(listing: MenuListing) -> None:
    out.print(f"[bold]{listing.brand}[/] — menu at {listing.local_time} (store local time)")
    for category in listing.categories:
        tree = Tree(f"[bold cyan]{category.name}[/]")
        for product in category.products:
            price = listing.price(product.price)
            label = f"{product.name}  [green]{price}[/]"
            if not product.available:
                label = f"[dim]{product.name}  {price}  (from {product.starts_at})[/]"
            node = tree.add(label)
            if not product.available:
                continue
            for group in product.groups:
                rule = "choose 1" if group.required else f"{group.min}–{group.max}"
                options = ", ".join(
                    o.name
                    + (f" +{listing.price(o.price)}" if o.price else "")
                    + (" (default)" if o.id == group.default else "")
                    for o in group.options
                )
                node.add(f"{group.name} [dim]({rule})[/]: {options}")
            for slot in product.slots:
                choices = ", ".join(
                    c.name
                    + (f" +{listing.price(c.upcharge)}" if c.upcharge else "")
                    + (" (default)" if c.item == slot.default else "")
                    for c in slot.choices
                )
                node.add(f"{slot.name}{'' if slot.default else ' [yellow](choose)[/]'}: {choices}")
        out.print(tree)
