"""The `breakfast` command line (Typer + Rich). Commands validate, call one use case, render.

The command tree is put together here, in the order `--help` lists it; each command lives in
the module of its group: `catalog` (db, menu), `stores`, `understand` (parse, hear, listen),
`chat`, `serve`; what they share (consoles, options, error handling) is `common`.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from ordering.cli import catalog, chat, serve, stores, understand

app = typer.Typer(
    name="breakfast",
    help="Order breakfast by voice, offline: menus, understanding, stores and orders.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    help="The database schema (SQLite by default, PostgreSQL by URL).", no_args_is_help=True
)
menu_app = typer.Typer(help="Import and show the menu.", no_args_is_help=True)
stores_app = typer.Typer(help="Mock stores and the nearest open store.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(menu_app, name="menu")
app.add_typer(stores_app, name="stores")

# Each group's commands, in the order `--help` lists them.
COMMANDS: tuple[tuple[typer.Typer, str, Callable[..., None]], ...] = (
    (app, "parse", understand.parse_command),
    (app, "hear", understand.hear_command),
    (app, "listen", understand.listen_command),
    (app, "chat", chat.chat_command),
    (app, "serve", serve.serve_command),
    (db_app, "upgrade", catalog.db_upgrade),
    (menu_app, "import", catalog.menu_import),
    (menu_app, "versions", catalog.menu_versions),
    (menu_app, "show", catalog.menu_show),
    (stores_app, "generate", stores.stores_generate),
    (stores_app, "list", stores.stores_list),
    (stores_app, "nearest", stores.stores_nearest),
)
for group, name, command in COMMANDS:
    group.command(name)(command)


def main() -> None:
    """The `breakfast` console script."""
    app()
