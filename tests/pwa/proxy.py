"""A loopback HTTP server that hands every request to an in-process app's TestClient, so the
wallet's JavaScript (in a Node subprocess) reaches the Python issuer and verifier apps of the
test fixtures over real HTTP, as a browser would."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from litestar.testing import TestClient

__all__ = ["forwarding_server"]

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def _handler(client: TestClient[Any]) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            response = client.request(
                self.command, self.path, headers=headers, content=body, follow_redirects=False
            )
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        do_GET = do_POST = _forward  # noqa: N815 - http.server's method names

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ARG002 - its signature
            return

    return Forward


@contextlib.contextmanager
def forwarding_server(client: TestClient[Any]) -> Iterator[str]:
    """Serve ``client``'s app on 127.0.0.1 at a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(client))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
