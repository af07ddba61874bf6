"""Server-side PNGs of plotly figures through kaleido's public sync server, driving Debian's Chromium.

`kaleido.start_sync_server` opens one Chromium for the whole process (about 2-3 s, once) and
`kaleido.calc_fig_sync` renders each figure in it. That server answers one call at a time and hands results
back through a shared queue, so every call here holds one lock (two sessions exporting at once wait for each
other rather than receive each other's images). kaleido's public API only, no subclass: measured against the
former private-API renderer in docs/COLLEGIUM.md (bench/bench_export.py).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import kaleido
import plotly.graph_objects as go

from deck import system
from deck.errors import ExportError

START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 120
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_lock = threading.Lock()
_started = False
_PROBE = go.Figure(layout={"width": 10, "height": 10})


def _bounded(fn, timeout: float, what: str):
    """fn() on a helper thread, at most `timeout` seconds (kaleido's sync calls have no timeout of their own)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deck-kaleido")
    try:
        return pool.submit(fn).result(timeout)
    except FutureTimeout as exc:
        raise ExportError(f"{what} took longer than {timeout:.0f} s", missing="") from exc
    finally:
        pool.shutdown(wait=False)


def _start() -> None:
    """Open kaleido's sync server once (holding the lock); ExportError when Chromium or the fonts are missing."""
    global _started
    if _started:
        return
    browser = system.require()
    kaleido.start_sync_server(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S, path=browser, silence_warnings=True)
    try:  # the server starts on its own thread: a first tiny image says it is up
        _bounded(lambda: kaleido.calc_fig_sync(_PROBE, opts={"format": "png"}), START_TIMEOUT_S, "starting Chromium")
    except Exception as exc:
        with contextlib.suppress(Exception):
            kaleido.stop_sync_server(silence_warnings=True)
        raise ExportError(f"Chromium did not start for the chart images: {exc}", missing="chromium") from exc
    _started = True


def warm_up() -> None:
    """Start the server in the background (a page that will export calls this so Chromium is up in time)."""
    if not _started:
        threading.Thread(target=_quiet_start, name="deck-kaleido-warm-up", daemon=True).start()


def _quiet_start() -> None:
    """Start the server; a failure is left for the export itself to report."""
    with _lock, contextlib.suppress(ExportError):
        _start()


def shutdown() -> None:
    """Stop the process's kaleido server (if started)."""
    global _started
    with _lock:
        if _started:
            kaleido.stop_sync_server(silence_warnings=True)
            _started = False


def render_pngs(figs: Mapping[str, go.Figure], sizes: Mapping[str, tuple[int, int]]) -> dict[str, bytes]:
    """PNG bytes of every figure, by the same keys (`sizes`: width, height in pixels per key)."""
    if not figs:
        return {}
    with _lock:
        _start()

        def render_all() -> dict[str, bytes]:
            out = {}
            for key, fig in figs.items():
                w, h = sizes[key]
                out[key] = bytes(kaleido.calc_fig_sync(fig, opts={"format": "png", "width": w, "height": h}))
            return out

        try:
            images = _bounded(render_all, RENDER_TIMEOUT_S + 30, "rendering the chart images")
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(f"rendering the chart images failed: {exc}", missing="") from exc
    bad = [k for k, v in images.items() if not v.startswith(PNG_SIGNATURE)]
    if bad:
        raise ExportError(f"kaleido returned something that is not a PNG for {bad}", missing="")
    return images


def render_svg(fig: go.Figure, size: tuple[int, int]) -> str:
    """The figure as SVG text, laid out exactly as its PNG (the same server; for checking where texts fall)."""
    with _lock:
        _start()
        out = _bounded(
            lambda: kaleido.calc_fig_sync(fig, opts={"format": "svg", "width": size[0], "height": size[1]}),
            RENDER_TIMEOUT_S + 30,
            "rendering an SVG",
        )
    return out.decode("utf-8") if isinstance(out, bytes) else str(out)
