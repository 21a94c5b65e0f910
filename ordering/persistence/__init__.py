"""Persistence: the database edge (engines, migrations), the ORM tables, the order and
conversation repositories, and the units of work that own each transaction.

    unit_of_work ──▶ order_repository, session_repository ──▶ orm
    db (engines, Alembic) ──▶ migrations ──▶ orm

Importing this package imports none of its modules (the repositories import the domain).
"""
