"""The screen: a static web page (HTML, CSS and JavaScript, no build step) that the HTTP API
serves at `/`. It orders through the API like any other client."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
"""The page's files: `index.html`, `app.js`, `style.css`."""
