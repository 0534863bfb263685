"""Print the Content-Security-Policy a reverse proxy should send with the app's pages.

    .venv/bin/python scripts/csp.py

Streamlit cannot set response headers itself. Its page has one inline script, allowed
by its hash, which changes with Streamlit's version: print the policy again after
`make lock-upgrade`. Checked in Chromium on 2026-12-01 (Streamlit 1.67): the app draws
its pitch under this policy, and the only thing blocked is the page icon Streamlit
fetches from fonts.gstatic.com.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import streamlit

INDEX = Path(streamlit.__file__).parent / "static" / "index.html"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def policy() -> str:
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(INDEX.read_text(encoding="utf-8"))
    ]
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self' 'unsafe-inline'",  # Streamlit styles its elements inline
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",  # the app's WebSocket, same host
            "worker-src 'self' blob:",
            "frame-ancestors 'none'",  # no other site may frame the app
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


if __name__ == "__main__":
    print(f"Content-Security-Policy: {policy()}")
