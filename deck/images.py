"""Server-side PNGs of plotly figures: kaleido 1.5 driving Debian's Chromium, kept warm for the whole process.

kaleido's own sync server reloads its tab (and with it the 4 MB plotly.js) after every image: about 0.3 s an
image. This renderer keeps one kaleido browser on a private event-loop thread and reloads a tab only every
RELOAD_EVERY images, which brings a deck of 22 images from about 6 s to about 1 s. It is thread-safe: each
call is a coroutine handed to that loop, and kaleido's tab queue hands each render its own tab.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import kaleido
import plotly.graph_objects as go

from deck import system
from deck.errors import ExportError

TABS = 1  # the deck is rendered one image after the other: parallel tabs cost more than they save on 2 CPUs
RELOAD_EVERY = 40  # a tab is reloaded (a clean page) after this many images
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 120
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PRINT_PARAMS = {
    "printBackground": True,
    "preferCSSPageSize": True,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
    "displayHeaderFooter": False,
    "generateDocumentOutline": True,  # a bookmark per slide (from each slide's <h1>)
    "generateTaggedPDF": True,  # a structure tree for screen readers
}


class _WarmKaleido(kaleido.Kaleido):
    """kaleido.Kaleido that puts a tab back without reloading it, except every RELOAD_EVERY images."""

    _served = 0

    async def _return_kaleido_tab(self, tab) -> None:
        self._served += 1
        if self._served % RELOAD_EVERY == 0:
            await tab.reload()
        await self.tabs_ready.put(tab)


class Renderer:
    """One warm kaleido browser on its own event-loop thread."""

    def __init__(self, browser_path: str, tabs: int = TABS) -> None:
        """Start the loop thread and open the browser (ExportError when it cannot start)."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="deck-kaleido", daemon=True)
        self._thread.start()
        self._kaleido: _WarmKaleido | None = None
        try:
            self._call(self._open(browser_path, tabs), START_TIMEOUT_S)
        except Exception as exc:
            self.close()
            raise ExportError(f"Chromium did not start for the chart images: {exc}", missing="chromium") from exc

    async def _open(self, browser_path: str, tabs: int) -> None:
        """Open the kaleido browser (runs on the loop thread)."""
        k = _WarmKaleido(n=tabs, mathjax=False, timeout=RENDER_TIMEOUT_S, path=browser_path)
        await k.open()
        self._kaleido = k

    def _call(self, coro, timeout: float):
        """Run a coroutine on the loop thread and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _render_all(self, figs: Mapping[str, go.Figure], sizes: Mapping[str, tuple[int, int]]) -> list[bytes]:
        """Render every figure (runs on the loop thread)."""
        assert self._kaleido is not None
        jobs = [
            self._kaleido.calc_fig(
                fig, opts={"format": "png", "width": sizes[key][0], "height": sizes[key][1], "scale": 1}
            )
            for key, fig in figs.items()
        ]
        return await asyncio.gather(*jobs)

    def render(self, figs: Mapping[str, go.Figure], sizes: Mapping[str, tuple[int, int]]) -> dict[str, bytes]:
        """PNG bytes of every figure, by the same keys (`sizes`: width, height in pixels per key)."""
        if not figs:
            return {}
        try:
            out = self._call(self._render_all(figs, sizes), RENDER_TIMEOUT_S + 30)
        except Exception as exc:
            raise ExportError(f"rendering the chart images failed: {exc}", missing="") from exc
        images = dict(zip(figs, out, strict=True))
        bad = [k for k, v in images.items() if not bytes(v).startswith(PNG_SIGNATURE)]
        if bad:
            raise ExportError(f"kaleido returned something that is not a PNG for {bad}", missing="")
        return {k: bytes(v) for k, v in images.items()}

    async def _print(self, url: str) -> bytes:
        """Open `url` in a new tab of the warm browser, print it to PDF, close the tab (runs on the loop thread)."""
        assert self._kaleido is not None
        tab = await self._kaleido.create_tab("")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": url})
            await loaded
            response = await tab.send_command("Page.printToPDF", params=dict(PRINT_PARAMS))
        finally:
            await self._kaleido.close_tab(tab.target_id)
        if "error" in response:
            raise RuntimeError(str(response["error"]))
        return base64.b64decode(response["result"]["data"])

    def print_pdf(self, document: str) -> bytes:
        """An HTML document printed to PDF by the warm browser (its CSS @page size decides the pages)."""
        with tempfile.TemporaryDirectory(prefix="deck-print-") as tmp:
            path = Path(tmp) / "deck.html"
            path.write_text(document, encoding="utf-8")
            try:
                pdf = self._call(self._print(path.as_uri()), RENDER_TIMEOUT_S)
            except Exception as exc:
                raise ExportError(f"printing the PDF failed: {exc}", missing="") from exc
        if not pdf.startswith(b"%PDF"):
            raise ExportError("Chromium printed something that is not a PDF", missing="")
        return pdf

    def close(self) -> None:
        """Close the browser and stop the loop thread."""
        if self._kaleido is not None:
            with contextlib.suppress(Exception):  # closing at exit: nothing left to do about a failure
                self._call(self._kaleido.close(), 30)
            self._kaleido = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


_lock = threading.Lock()
_renderer: Renderer | None = None


def renderer() -> Renderer:
    """The process's renderer, started on first use (ExportError when Chromium or the fonts are missing)."""
    global _renderer
    with _lock:
        if _renderer is None:
            _renderer = Renderer(system.require())
            atexit.register(shutdown)
        return _renderer


def warm_up() -> None:
    """Start the renderer in the background (a page that will export calls this so Chromium is up in time)."""
    if _renderer is None:
        threading.Thread(target=_quiet_start, name="deck-kaleido-warm-up", daemon=True).start()


def _quiet_start() -> None:
    """Start the renderer; a failure is left for the export itself to report."""
    with contextlib.suppress(ExportError):
        renderer()


def shutdown() -> None:
    """Close the process's renderer (if started)."""
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def render_pngs(figs: Mapping[str, go.Figure], sizes: Mapping[str, tuple[int, int]]) -> dict[str, bytes]:
    """PNG bytes of every figure through the warm renderer."""
    return renderer().render(figs, sizes)
