"""A service for the serving tests: every answer is the worker's process id; ``/gc``
answers how many objects the worker's collector holds frozen (``gc.get_freeze_count``)."""

import gc
import os
from typing import Any


def create_app() -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        answer = gc.get_freeze_count() if scope["path"] == "/gc" else os.getpid()
        body = str(answer).encode()
        headers = [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app
