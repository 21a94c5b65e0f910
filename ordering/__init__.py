"""The ordering application: understanding, dialog, orders, payment, speech, API and CLI."""
