"""Plotly figures as PNG images through one kaleido export server (Debian's Chromium), started once and reused."""

from __future__ import annotations

import threading
from pathlib import Path

import plotly.graph_objects as go

# Drawn 800 px wide across the 17 cm text width of A4, the pages' 16 px type prints at about 10 pt; twice the pixels.
WIDTH = 800
# a heatmap's column headings are single words (Dokumentation): it gets more room, at a slightly smaller print
WIDE = 1000
SCALE = 2
DEFAULT_HEIGHT = 450

_lock = threading.Lock()
_started = False


class NoBrowser(RuntimeError):
    """No Chromium to draw the charts with: kaleido would wait for it for good, so say so at once."""


def start() -> None:
    """Start the export server if it is not running (about 2 s: it starts Chromium); later images take ~0.2 s."""
    global _started
    with _lock:
        if not _started:
            import kaleido
            from choreographer.browsers.chromium import Chromium

            # kaleido's server thread fails without a browser, and its callers then wait on it for ever: the same
            # search it makes (BROWSER_PATH, PATH, the usual places, a downloaded copy), made here first
            found = Chromium.find_browser(skip_local=False)
            if found is None or not Path(found).is_file():
                raise NoBrowser(f"Chromium not found ({found})")

            # mathjax=False: the default would fetch MathJax from the internet
            kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
            _started = True


def height(fig: go.Figure) -> int:
    """The figure's own height in pixels (the builders size bar charts to their rows)."""
    return int(fig.layout.height or DEFAULT_HEIGHT)


def png(fig: go.Figure, width: int = WIDTH) -> bytes:
    """The figure as a PNG, at its own height."""
    import kaleido

    start()
    opts = {"format": "png", "width": width, "height": height(fig), "scale": SCALE}
    with _lock:  # one Chromium tab: one image at a time
        return kaleido.calc_fig_sync(fig, opts=opts)
