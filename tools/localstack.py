"""The archive on one machine: moto, the resources from infra/, the API and the ingest workers.

`make serve` and the client's integration tests both use `LocalStack`. In AWS, S3 notifies SQS
and SQS invokes the worker Lambda; here `tools/worker.py` long-polls the same queue (moto delivers
the same S3 notifications) and calls the very same handler with the same event shape, so nothing
in `app.py` or `chalicelib/` knows it is local.

With a `data_dir`, the archive persists: the stand-in restores its state from the directory and
records every acknowledged write there (tools/standin_persist.py), the three local keys are kept
in `keys.json`, and uploads left unfinished by a stop or a crash are queued again
(tools/standin_recovery.py). `tools/standin_supervisor.py` restarts a dead worker or stand-in.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from chalicelib import config
from chalicelib.adapters import aws
from chalicelib.services import access
from infra import resources
from tools import local_gateway, moto_server, request_log, standin_recovery, worker
from tools.standin_seed import Seeder
from tools.standin_store import Store
from tools.standin_supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[1]
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "ARCHIVE_TABLE": "court-archive",
    "ARCHIVE_BUCKET": "court-archive-filings-local",
    "ARCHIVE_QUEUE": "court-archive-ingest",
    "ARCHIVE_STAGE": "local",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "CourtArchiveLocal",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "OCR_ENGINE": "local",  # RapidOCR (requirements-dev.txt); the AWS stages use Textract
}
# A local worker is not inside Lambda's 60 s: on a busy laptop a real filing can need more than
# the 45 s wall that AWS uses (two of 205 real PDFs ended too_complex beside other jobs). The CPU
# budget (AWS's own 50 s) still bounds a bomb; the wall only catches a child that hangs.
LOCAL_EXTRACT_BOUNDS = {"ARCHIVE_EXTRACT_TIMEOUT_S": "300", "ARCHIVE_EXTRACT_CPU_S": "50"}


def local_extract_bounds(env: dict[str, str]) -> dict[str, str]:
    """The local extraction bounds the caller has not set itself."""
    return {name: value for name, value in LOCAL_EXTRACT_BOUNDS.items() if not env.get(name)}
# role -> (key name, scopes): the write key is the one a newcomer exports (it cannot see sealed
# filings, so syncing a folder never mirrors them); admin can do everything.
KEY_ROLES = {
    "read": ("local read-only", ["read"]),
    "write": ("local write (uploads)", ["read", "write"]),
    "admin": ("local admin", ["admin"]),
}
KEYS_FILE = "keys.json"
DATA_FILES = ("standin.sqlite3", "standin.sqlite3-wal", "standin.sqlite3-shm", KEYS_FILE)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent() -> None:
    """preexec_fn: a child of `make serve` gets SIGTERM when `make serve` dies, even of kill -9.

    Children also run in sessions of their own, so a Ctrl-C reaches only `make serve`, which then
    stops them in order: the workers first (each finishes or gives back its message), then the
    stand-in — never the stand-in under a worker's feet."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# Ingest workers (and their extraction children, which inherit it) run at a lower CPU priority:
# on a laptop the archive's background processing must not starve the person's own commands —
# the API, the CLI hashing and sending a folder, the stand-in both of them wait on. Idle cores
# still go to the workers, so ingest is as fast when nothing else runs.
WORKER_NICENESS = 10


def background_worker() -> None:
    """preexec_fn of an ingest worker: dies with `make serve`, yields the CPU to the foreground."""
    die_with_parent()
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def terminate(processes: list[Any], timeout: float, clock: Any = time.monotonic) -> None:
    """SIGTERM them all, then SIGKILL (and reap) whatever has not exited `timeout` seconds later.

    One deadline for all of them: each process waiting a `timeout` of its own made a Ctrl-C
    take workers × timeout when the workers were busy (2 busy workers: 22 s, measured)."""
    for proc in processes:
        proc.terminate()
    deadline = clock() + timeout
    for proc in processes:
        try:
            proc.wait(timeout=max(0.0, deadline - clock()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wipe(data_dir: Path) -> None:
    """Start empty: remove what the local archive keeps (only its own files)."""

    for name in DATA_FILES:
        (data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(data_dir / "objects", ignore_errors=True)
    for path in data_dir.glob("search-*.sqlite3*"):
        path.unlink(missing_ok=True)


class LocalStack:
    def __init__(self, moto_port: int = 5000, api_port: int = 8000, seed_fixtures: bool = False,
                 admin_key: str | None = None, read_key: str | None = None, quiet: bool = True,
                 worker: str = "process", moto: str = "process", data_dir: str | Path | None = None,
                 fresh: bool = False, workers: int = 1, write_key: str | None = None,
                 verbose: bool = False, supervise: bool | None = None):
        """`worker`: "process" (as in AWS, its own Lambda; `workers` of them), "thread" (in this
        process, for tests), or "none" (uploads stay queued). `moto`: "process" (its own
        interpreter) or "thread". `data_dir`: keep the archive there (None: in memory only);
        `fresh` empties it first. `supervise`: restart dead processes (default: with processes)."""
        self.moto_port = moto_port
        self.api_port = api_port
        self.seed_fixtures = seed_fixtures
        self.admin_key, self.read_key, self.write_key = admin_key, read_key, write_key
        self.quiet = quiet
        self.verbose = verbose
        self.worker = worker
        self.workers = max(0, workers)
        self.moto = moto
        self.data_dir = Path(data_dir).resolve() if data_dir else None
        self.fresh = fresh
        self.supervise = (worker == "process" or moto == "process") if supervise is None else supervise
        self._moto_process: Any = None
        self._worker_processes: list[Any] = []
        self.api_url = f"http://127.0.0.1:{api_port}"
        self.moto_url = f"http://127.0.0.1:{moto_port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._moto: Any = None
        self._api: Any = None
        self._lock_file: Any = None
        self.supervisor: Any = None
        self.seeder: Any = None
        self.resources: dict[str, str] = {}
        self.worker_outcomes: list[str] = []
        self.recovered = 0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> LocalStack:
        chosen_ocr = os.environ.get("OCR_ENGINE")  # an explicit choice (e.g. `off` for a bench) stands
        os.environ.update(LOCAL_ENV)
        os.environ.update(local_extract_bounds(dict(os.environ)))
        if chosen_ocr:
            os.environ["OCR_ENGINE"] = chosen_ocr

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto server's per-request lines
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        os.environ["AWS_ENDPOINT_URL"] = self.moto_url
        for port, variable in ((self.moto_port, "MOTO_PORT"), (self.api_port, "API_PORT")):
            if _listening(port):
                raise SystemExit(f"127.0.0.1:{port} is already in use: stop what runs there or "
                                 f"choose another port, e.g. `make serve {variable}={port + 1}`")
        self._claim_data_dir()
        self._start_moto()
        self.provision()
        self._install_keys()
        self._start_api()
        if self.verbose:
            request_log.install()
        self._start_worker()
        if self.supervise:
            self.supervisor = Supervisor(self)
            self.supervisor.start()
        if self.seed_fixtures:
            self.seed()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self.supervisor is not None:
            self.supervisor.stop()
        terminate(self._worker_processes, timeout=10)
        if self._api is not None:
            self._api.shutdown()
        for t in self._threads:
            t.join(timeout=5)
        if self._moto is not None:
            self._moto.stop()
        terminate([self._moto_process] if self._moto_process is not None else [], timeout=20)
        if self._lock_file is not None:
            self._lock_file.close()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ data
    def _claim_data_dir(self) -> None:
        if self.data_dir is None:
            return

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.data_dir / ".lock", "w")  # noqa: SIM115 (held while serving)
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SystemExit(f"another `make serve` is using {self.data_dir}: stop it, or choose "
                             f"another ARCHIVE_DATA_DIR") from None
        if self.fresh:
            wipe(self.data_dir)
        # the local search index: one SQLite file in the data dir (issue 13), for every process
        os.environ["ARCHIVE_DATA_DIR"] = str(self.data_dir)
        os.environ.setdefault("SEARCH_BACKEND", "sqlite")

    def provision(self) -> None:
        """Create (or find) the resources infra/ declares; queue again what was left unfinished."""
        import boto3

        config.reset()
        aws.reset()
        self.resources = resources.apply(
            boto3.Session(region_name="us-east-1"),
            os.environ["ARCHIVE_TABLE"], os.environ["ARCHIVE_BUCKET"], os.environ["ARCHIVE_QUEUE"],
        )
        os.environ["ARCHIVE_QUEUE_URL"] = self.resources["queue_url"]
        config.reset()
        if self.data_dir is not None:
            store = Store(self.data_dir)
            try:
                self.recovered = standin_recovery.requeue(
                    store, os.environ["ARCHIVE_TABLE"], os.environ["ARCHIVE_BUCKET"],
                    self.resources["queue_url"], boto3.client("sqs", region_name="us-east-1"))
            finally:
                store.close()

    def _install_keys(self) -> None:
        """The read, write and admin keys: from the environment, else as kept in the data dir,
        else freshly minted (and kept, so the printed keys stay valid across restarts)."""

        kept: dict[str, str] = {}
        path = self.data_dir / KEYS_FILE if self.data_dir is not None else None
        if path is not None and path.exists():
            kept = json.loads(path.read_text())
        for role, (name, scopes) in KEY_ROLES.items():
            key = getattr(self, f"{role}_key") or kept.get(role)
            if key:
                access.ensure(key, name, scopes)
            else:
                _, key = access.mint(name, scopes, created_by="local-stack")
            setattr(self, f"{role}_key", key)
            kept[role] = key
        if path is not None:
            fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(kept, fh, indent=2)
            os.replace(path.with_suffix(".tmp"), path)

    # ------------------------------------------------------------------ parts
    def moto_command(self) -> list[str]:
        cmd = [sys.executable, "-m", "tools.moto_server", "--port", str(self.moto_port)]
        return cmd + (["--data-dir", str(self.data_dir)] if self.data_dir is not None else [])

    def _start_moto(self) -> None:
        if self.moto == "process":
            self.spawn_moto()
        else:
            from moto.server import ThreadedMotoServer

            # in this process, moto may also serve in-process tests that write tables directly:
            # no GSI map that such writes would bypass
            moto_server.prepare(str(self.data_dir) if self.data_dir else None, indexes=False)
            self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
            self._moto.start()
            self._wait_for_port(self.moto_port)

    def spawn_moto(self) -> None:
        """Start the stand-in process and wait until it listens (after restoring its state)."""

        self._moto_process = subprocess.Popen(self.moto_command(), cwd=ROOT, env=dict(os.environ),
                                              preexec_fn=die_with_parent, start_new_session=True)
        self._wait_for_port(self.moto_port, timeout=1800, process=self._moto_process)

    def _start_api(self) -> None:
        """The local gateway (tools/local_gateway.py): concurrent clients, chunked bodies and
        API Gateway's own answers in problem+json."""
        import app as app_module

        self._api = local_gateway.serve(app_module.app, "127.0.0.1", self.api_port, quiet=self.quiet,
                                        access_log=request_log.gateway_log() if self.verbose else None)
        t = threading.Thread(target=self._api.serve_forever, name="api", daemon=True)
        t.start()
        self._threads.append(t)
        self._wait_for_port(self.api_port)

    def worker_command(self) -> list[str]:
        return [sys.executable, "-m", "tools.worker", "--queue-url", self.resources["queue_url"],
                "--queue-arn", self.resources["queue_arn"]]

    @property
    def pids(self) -> dict[str, list[int]]:
        """The processes this stack runs (the stand-in's and the workers'), for people and tests."""
        return {"moto": [self._moto_process.pid] if self._moto_process is not None else [],
                "workers": [p.pid for p in self._worker_processes]}

    def spawn_worker(self) -> Any:
        return subprocess.Popen(self.worker_command(), cwd=ROOT, env=dict(os.environ),
                                preexec_fn=background_worker, start_new_session=True)

    def _start_worker(self) -> None:
        if self.worker == "process":
            self._worker_processes = [self.spawn_worker() for _ in range(self.workers)]
        elif self.worker == "thread":
            t = threading.Thread(target=worker.run, name="ingest-worker", daemon=True,
                                 args=(self.resources["queue_url"], self.resources["queue_arn"], self._stop,
                                       self.worker_outcomes.append))
            t.start()
            self._threads.append(t)

    def _wait_for_port(self, port: int, timeout: float = 20, process: Any = None) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the process for 127.0.0.1:{port} exited ({process.returncode})")
            time.sleep(0.05)
        raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")

    # ------------------------------------------------------------------ fixtures
    def seed(self, timeout: float | None = None) -> list[dict[str, Any]]:
        """Upload every fixture not yet archived (through the public API) and wait until each
        fixture and docket report is processed; `timeout` None waits as long as it takes."""

        return Seeder(self.api_url, self.admin_key or "", stop=self._stop).run(timeout)
