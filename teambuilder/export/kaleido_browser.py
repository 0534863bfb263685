"""Images drawn by kaleido in the project's Chromium, one browser shared by a batch.

A browser start costs a second or more, so ``image_session()`` keeps one Chromium open
for the images made inside it. kaleido is handed the program ``find_chromium`` found, so
the app's check, the PDF and the images agree on which Chromium there is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from teambuilder.export.chromium import CHROMIUM_MISSING, ExportError, find_chromium

__all__ = ["BROWSER_START_SECONDS", "RENDER_SECONDS", "ImageFormat", "image_session", "render"]

ImageFormat = Literal["png", "svg"]
BROWSER_START_SECONDS = 60.0
RENDER_SECONDS = 60.0

T = TypeVar("T")


class _Browser:
    """One kaleido Chromium on a private event loop; every wait has a timeout.

    kaleido's own ``start_sync_server`` does the same, but when Chromium cannot start,
    its worker thread dies and the next call waits on a queue forever.
    """

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="teambuilder-kaleido", daemon=True
        )
        self._thread.start()
        self._kaleido: Any = None
        try:
            self._kaleido = self._run(self._open(path), BROWSER_START_SECONDS)
        except BaseException:
            self.close()
            raise

    @staticmethod
    async def _open(path: str) -> Any:
        import kaleido  # only image export needs it: imported on first use

        # mathjax=False: no script fetched from a CDN; the figures use no LaTeX.
        browser = kaleido.Kaleido(mathjax=False, timeout=RENDER_SECONDS, path=path)
        await browser.__aenter__()
        return browser

    def _run(self, work: Awaitable[T], timeout: float) -> T:
        future = asyncio.run_coroutine_threadsafe(_awaited(work), self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"Chromium did not answer within {timeout:.0f} s") from None

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        data = self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_SECONDS + 5)
        return bytes(data)

    def close(self) -> None:
        if self._kaleido is not None:
            # Closing a broken browser: nothing left to save.
            with contextlib.suppress(Exception):
                self._run(self._kaleido.__aexit__(None, None, None), 15)
            self._kaleido = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        if not self._loop.is_running():
            self._loop.close()


async def _awaited(work: Awaitable[T]) -> T:
    return await work


_lock = threading.RLock()
_shared: _Browser | None = None
_depth = 0


def _explain(error: BaseException) -> ExportError:
    if type(error).__name__ == "ChromeNotFoundError":
        return ExportError(CHROMIUM_MISSING)
    return ExportError(f"image export failed: {error}")


def _open_browser() -> _Browser:
    path = find_chromium()  # ExportError with the fix when there is none
    try:
        return _Browser(path)
    except Exception as error:
        raise _explain(error) from error


@contextmanager
def image_session() -> Iterator[None]:
    """Keep one Chromium open for the images made inside the block (about 0.4 s each
    instead of 2 to 4 s). Nested or concurrent sessions share the browser."""
    global _shared, _depth
    with _lock:
        if _shared is None:
            _shared = _open_browser()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _shared is not None:
                _shared.close()
                _shared = None


def render(figure: go.Figure, fmt: ImageFormat, scale: float) -> bytes:
    """The figure as PNG or SVG bytes at its layout's size times ``scale``."""
    global _shared
    layout = figure.layout
    opts = {"format": fmt, "width": layout.width, "height": layout.height, "scale": scale}
    spec = figure.to_dict()
    # One image at a time: kaleido's tab is not shared between threads.
    with _lock:
        if _shared is not None:
            try:
                return _shared.render(spec, opts)
            except Exception:
                # A browser that died mid-session: drop it, start a fresh one below.
                _shared.close()
                _shared = None
        browser = _open_browser()
        try:
            return browser.render(spec, opts)
        except Exception as error:
            raise _explain(error) from error
        finally:
            browser.close()
