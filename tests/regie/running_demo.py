"""``regie demo`` as a real process for the tests: started on free ports with its own data
directory, read until its start screen, its ``regie serve`` children found in ``/proc``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from regie.processes import free_port

__all__ = ["LAST_LINE", "RunningDemo", "start_demo"]

LAST_LINE = "Stoppen / stop: Ctrl-C"
START_TIMEOUT = 180.0
"""Three services start on two shared cores; on a quiet machine it takes a few seconds."""
STOP_TIMEOUT = 20.0


@dataclass
class RunningDemo:
    process: subprocess.Popen[str]
    ports: list[int]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def children(self) -> list[int]:
        """The demo's child processes (each ``regie serve`` leads a process group)."""
        pid = self.process.pid
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in text.split()]

    def interrupt(self) -> int:
        """Ctrl-C: SIGINT to the demo alone (its children run in sessions of their own, as
        in a terminal where Ctrl-C reaches the foreground group); its exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.wait()

    def wait(self) -> int:
        """Its exit code once it ends by itself, with all its output read."""
        code = self.process.wait(STOP_TIMEOUT)
        self._close()
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        if self.reader is not None:
            self.reader.join(STOP_TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()


def _read(demo: RunningDemo) -> None:
    assert demo.process.stdout is not None
    for line in demo.process.stdout:
        demo.lines.append(line)


def start_demo(data_dir: Path, *options: str) -> RunningDemo:
    """``python -m regie demo --data-dir DATA_DIR --ports ...`` with no ``*_`` settings of the
    test environment, running once its start screen is out (its last line printed)."""
    ports = [free_port() for _ in range(3)]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ISSUER_", "VERIFIER_", "WALLET_", "REGIE_", "SSL_"))
    }
    command = [sys.executable, "-u", "-m", "regie", "demo", "--data-dir", str(data_dir)]
    command += ["--ports", ",".join(map(str, ports)), *options]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    demo = RunningDemo(process, ports)
    demo.reader = threading.Thread(target=_read, args=(demo,), daemon=True)
    demo.reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    while LAST_LINE not in demo.output:
        if process.poll() is not None or time.monotonic() > deadline:
            demo.kill()
            raise AssertionError(f"the demo did not start:\n{demo.output}")
        time.sleep(0.1)
    return demo
