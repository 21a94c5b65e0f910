"""Stores and geography: mock stores, opening hours, places, and the nearest open store."""
