"""`python -m tools.serve` as a child process, for tests of what survives stops, crashes and kill -9.

Nothing here measures time: every wait polls a condition until a generous deadline, so a loaded
machine makes the tests slower, never wrong.
"""
from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from collections.abc import Callable

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 240.0  # seconds: generous on purpose (2 loaded cores)
FIXTURE_PDFS = sorted((ROOT / "fixtures" / "pdfs").glob("*.pdf"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(condition: Callable[[], Any], what: str, deadline: float = DEADLINE, pause: float = 0.3) -> Any:
    end = time.monotonic() + deadline
    while True:
        try:
            value = condition()
        except (httpx.TransportError, KeyError, ValueError):
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(pause)


class Serve:
    def __init__(self, data_dir: Path, *, workers: int = 1, seed: bool = False, extra: list[str] | None = None):
        self.data_dir, self.workers, self.seed, self.extra = data_dir, workers, seed, extra or []
        self.moto_port, self.api_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.api_port}"
        self.lines: list[str] = []
        self.proc: subprocess.Popen | None = None
        self.keys: dict[str, str] = {}
        self.pids: dict[str, list[int]] = {}

    def start(self) -> Serve:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "AWS_"))}
        env["ARCHIVE_DATA_DIR"] = str(self.data_dir)
        env.setdefault("OCR_ENGINE", "off")  # no page read by a real OCR engine: faster, same paths
        cmd = [sys.executable, "-m", "tools.serve", "--moto-port", str(self.moto_port), "--api-port",
               str(self.api_port), "--workers", str(self.workers), *self.extra]
        if not self.seed:
            cmd.append("--no-seed")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        threading.Thread(target=self._pump, daemon=True).start()
        poll(lambda: any(line.startswith("ready:") for line in self.lines) or self._died(), "make serve to start")
        self._died(raise_=True)
        text = "\n".join(self.lines)
        for role in ("read", "write", "admin"):
            self.keys[role] = re.search(rf"^{role} key .*?(ca_\S+)$", text, re.M).group(1)
        found = re.search(r"stand-in \[(\d+)\], workers \[([\d, ]*)\]", text)
        self.pids = {"moto": [int(found.group(1))],
                     "workers": [int(p) for p in found.group(2).split(",") if p.strip()]}
        return self

    def _pump(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def _died(self, raise_: bool = False) -> bool:
        dead = self.proc is not None and self.proc.poll() is not None
        if dead and raise_:
            raise AssertionError("make serve exited:\n" + "\n".join(self.lines[-40:]))
        return dead

    def said(self, pattern: str) -> bool:
        return any(re.search(pattern, line) for line in self.lines)

    def stop(self, sig: int = signal.SIGINT) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)

    def http(self, role: str = "write") -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.keys[role]}"}, timeout=60)

    def __enter__(self) -> Serve:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def upload(http: httpx.Client, path: Path) -> dict[str, Any]:
    resp = http.post("/filings", content=path.read_bytes(),
                     headers={"Content-Type": "application/pdf", "X-Filename": path.name})
    assert resp.status_code in (200, 202), resp.text
    return resp.json()


def all_done(http: httpx.Client, ids: list[str]) -> list[dict[str, Any]] | None:
    docs = [http.get(f"/filings/{i}").json() for i in ids]
    return docs if all(d.get("status") in ("ready", "failed") for d in docs) else None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
