"""``make run``'s script: serves the demo, and Ctrl-C leaves nothing running, five times in a row.

Each cycle starts ``scripts/run.py`` with ``DATABASE_URL`` unset (so it starts the embedded
PostgreSQL), waits for the demo page, sends SIGINT to the script's process group as a
terminal's Ctrl-C does, and checks that the script, its worker and the database are gone.
The first cycle creates the demo data; later cycles skip that step (``VALMO_DEMO=0``), the
data is still there, and the same page must answer.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from valmo.embedded_db import HANDLES_FILE, handles_read, server_processes

ROOT = Path(__file__).resolve().parents[2]
CYCLES = 5
pytestmark = pytest.mark.integration
# Settings of the test process that must not leak into the run: its own database (embedded),
# its own broker (a folder under its var dir), the development settings module.
_NOT_INHERITED = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PORT", "VALMO_DEMO"}


class Run:
    """One ``scripts/run.py`` process with its output collected by a thread."""

    def __init__(self, var_dir: Path, port: int, *, demo: bool):
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        env.update(VALMO_VAR_DIR=str(var_dir), VALMO_DEMO="1" if demo else "0")
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "scripts/run.py", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, like a shell's foreground job
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(r"Valmo runs at (http://\S+)", self.output)
            if match:
                return match.group(1)
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"run.py did not serve (exit {self.proc.poll()}):\n{self.output}")

    def processes(self) -> list[psutil.Process]:
        """The script and everything it started (the worker runs in a session of its own)."""
        root = psutil.Process(self.proc.pid)
        return [root, *root.children(recursive=True)]

    def interrupt(self, timeout: float = 60) -> int:
        os.killpg(self.proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail(f"run.py did not stop within {timeout} s:\n{self.output}")


def _page(url: str) -> tuple[int, str]:
    """GET the page through 127.0.0.1 with the demo host name; follow one redirect."""
    match = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    assert match, url
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    for _ in range(2):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path, headers={"Host": f"{host}:{port}"})
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        if response.status in {301, 302} and response.getheader("Location"):
            path = re.sub(r"^https?://[^/]+", "", response.getheader("Location"))
            continue
        return response.status, body
    return response.status, body


def test_run_serves_the_demo_and_ctrl_c_stops_everything_five_times(tmp_path, free_port):
    port = free_port()
    pgdata = tmp_path / "pgdata"
    for cycle in range(CYCLES):
        if cycle == 2:
            # As an interrupted old version left it: an empty handle file.
            (pgdata / HANDLES_FILE).write_text("")
        run = Run(tmp_path, port, demo=cycle == 0)
        try:
            url = run.wait_for_url(timeout=600 if cycle == 0 else 120)
            status, body = _page(url)
            assert status == 200, (status, body[:500])
            assert "<html" in body.lower()
            started = run.processes()
            servers = server_processes(pgdata)
            assert len(servers) == 1, run.output
            assert len(started) >= 2, "the script and its worker"
        except BaseException:
            run.interrupt()
            raise

        assert run.interrupt() == 0, run.output
        _gone, alive = psutil.wait_procs([*started, *servers], timeout=5)
        assert alive == [], f"cycle {cycle + 1}: still running {alive}\n{run.output}"
        assert server_processes(pgdata) == []
        assert not (pgdata / "postmaster.pid").exists()
        assert handles_read(pgdata) == []
        assert "==> stopped:" in run.output
