"""`make serve`'s stack (`python -m tools.serve --no-seed`) in a child process on free ports, for
the benchmarks that measure the whole local path (P4 bulk upload, P5 end-to-end ingest).

Its keys are read from what it prints; `data_dir=None` keeps nothing on disk (`--memory`).
"""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from bench import ROOT, fake_env
from tools.localstack import LOCAL_ENV, free_port


class ServeStack:
    def __init__(self, data_dir: Path | None = None, workers: int | None = None,
                 env: dict[str, str] | None = None, start_timeout: float = 1800):
        self.data_dir, self.workers, self.env, self.start_timeout = data_dir, workers, env or {}, start_timeout
        self.moto_port, self.api_port = free_port(), free_port()
        self.api_url = f"http://127.0.0.1:{self.api_port}"
        self.moto_url = f"http://127.0.0.1:{self.moto_port}"
        self.bucket = LOCAL_ENV["ARCHIVE_BUCKET"]
        self.lines: list[str] = []
        self.proc: subprocess.Popen | None = None
        self.keys: dict[str, str] = {}

    def __enter__(self) -> ServeStack:
        env = {**fake_env(), **self.env}
        cmd = [sys.executable, "-m", "tools.serve", "--no-seed", "--moto-port", str(self.moto_port),
               "--api-port", str(self.api_port)]
        if self.data_dir is None:
            cmd.append("--memory")
        else:
            env["ARCHIVE_DATA_DIR"] = str(self.data_dir)
        if self.workers is not None:
            cmd += ["--workers", str(self.workers)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        ready = threading.Event()

        def pump() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                self.lines.append(line.rstrip())
                if line.startswith("ready:"):
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(self.start_timeout) or self.proc.poll() is not None:
            self.__exit__()
            raise RuntimeError("the local stack did not start:\n" + "\n".join(self.lines[-30:]))
        text = "\n".join(self.lines)
        for role in ("read", "write", "admin"):
            found = re.search(rf"^{role} key .*?(ca_\S+)$", text, re.M)
            if found:
                self.keys[role] = found.group(1)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl-C sends: workers stop before the stand-in
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
