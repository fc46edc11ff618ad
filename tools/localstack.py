"""The archive on one machine: moto, the resources from infra/, the API and the ingest worker.

`make serve` and the client's integration tests both use `LocalStack`. In AWS, S3 notifies SQS
and SQS invokes the worker Lambda; here `tools/worker.py` long-polls the same queue (moto delivers
the same S3 notifications) and calls the very same handler with the same event shape, so nothing
in `app.py` or `chalicelib/` knows it is local.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

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


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalStack:
    def __init__(self, moto_port: int = 5000, api_port: int = 8000, seed_fixtures: bool = False,
                 admin_key: str | None = None, read_key: str | None = None, quiet: bool = True,
                 worker: str = "process", moto: str = "process"):
        """`worker`: "process" (as in AWS, its own Lambda), "thread" (in this process, for tests),
        or "none" (uploads stay queued). `moto`: "process" (its own interpreter) or "thread"."""
        self.moto_port = moto_port
        self.api_port = api_port
        self.seed_fixtures = seed_fixtures
        self.admin_key = admin_key
        self.read_key = read_key
        self.quiet = quiet
        self.worker = worker
        self.moto = moto
        self._moto_process: Any = None
        self._worker_process: Any = None
        self.api_url = f"http://127.0.0.1:{api_port}"
        self.moto_url = f"http://127.0.0.1:{moto_port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._moto: Any = None
        self._api: Any = None
        self.resources: dict[str, str] = {}
        self.worker_outcomes: list[str] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "LocalStack":
        os.environ.update(LOCAL_ENV)
        import logging
        import warnings

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto server's per-request lines
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        os.environ["AWS_ENDPOINT_URL"] = self.moto_url
        for port, variable in ((self.moto_port, "MOTO_PORT"), (self.api_port, "API_PORT")):
            if _listening(port):
                raise SystemExit(f"127.0.0.1:{port} is already in use: stop what runs there or "
                                 f"choose another port, e.g. `make serve {variable}={port + 1}`")
        self._start_moto()

        import boto3

        from chalicelib import config
        from chalicelib.adapters import aws
        from infra import resources

        config.reset()
        aws.reset()
        self.resources = resources.apply(
            boto3.Session(region_name="us-east-1"),
            os.environ["ARCHIVE_TABLE"], os.environ["ARCHIVE_BUCKET"], os.environ["ARCHIVE_QUEUE"],
        )
        os.environ["ARCHIVE_QUEUE_URL"] = self.resources["queue_url"]
        config.reset()
        self._install_keys()
        self._start_api()
        self._start_worker()
        if self.seed_fixtures:
            self.seed()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._worker_process is not None:
            self._worker_process.terminate()
            try:
                self._worker_process.wait(timeout=10)
            except Exception:
                self._worker_process.kill()
        if self._api is not None:
            self._api.shutdown()
        for t in self._threads:
            t.join(timeout=5)
        if self._moto is not None:
            self._moto.stop()
        if self._moto_process is not None:
            self._moto_process.terminate()
            try:
                self._moto_process.wait(timeout=10)
            except Exception:
                self._moto_process.kill()

    def __enter__(self) -> "LocalStack":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ parts
    def _start_moto(self) -> None:
        if self.moto == "process":
            import subprocess
            import sys

            self._moto_process = subprocess.Popen(
                [sys.executable, "-m", "tools.moto_server", "--port", str(self.moto_port)],
                cwd=ROOT, env=dict(os.environ),
            )
        else:
            from moto.server import ThreadedMotoServer

            from tools import moto_tuning

            moto_tuning.install()
            self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
            self._moto.start()
        self._wait_for_port(self.moto_port)

    def _install_keys(self) -> None:
        from chalicelib.services import access

        if self.admin_key:
            access.ensure(self.admin_key, "local admin", ["admin"])
        else:
            _, self.admin_key = access.mint("local admin", ["admin"], created_by="local-stack")
        if self.read_key:
            access.ensure(self.read_key, "local read-only", ["read"])
        else:
            _, self.read_key = access.mint("local read-only", ["read"], created_by="local-stack")

    def _start_api(self) -> None:
        """The local gateway (tools/local_gateway.py): concurrent clients, chunked bodies and
        API Gateway's own answers in problem+json."""
        import app as app_module
        from tools import local_gateway

        self._api = local_gateway.serve(app_module.app, "127.0.0.1", self.api_port, quiet=self.quiet)
        t = threading.Thread(target=self._api.serve_forever, name="api", daemon=True)
        t.start()
        self._threads.append(t)
        self._wait_for_port(self.api_port)

    def _start_worker(self) -> None:
        if self.worker == "process":
            import subprocess
            import sys

            self._worker_process = subprocess.Popen(
                [sys.executable, "-m", "tools.worker", "--queue-url", self.resources["queue_url"],
                 "--queue-arn", self.resources["queue_arn"]],
                cwd=ROOT, env=dict(os.environ),
            )
        elif self.worker == "thread":
            from tools import worker

            t = threading.Thread(target=worker.run, name="ingest-worker", daemon=True,
                                 args=(self.resources["queue_url"], self.resources["queue_arn"], self._stop,
                                       self.worker_outcomes.append))
            t.start()
            self._threads.append(t)

    def _wait_for_port(self, port: int, timeout: float = 20) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")

    # ------------------------------------------------------------------ fixtures
    def seed(self, timeout: float = 180) -> list[dict[str, Any]]:
        """Upload every fixture through the public API, then wait until each is processed."""
        import httpx

        truth = [json.loads(line) for line in (ROOT / "fixtures" / "truth.jsonl").read_text().splitlines() if line.strip()]
        headers = {"Authorization": f"Bearer {self.admin_key}"}
        ids = []
        with httpx.Client(base_url=self.api_url, headers=headers, timeout=60) as http:
            for t in truth:
                data = (ROOT / "fixtures" / "pdfs" / t["file"]).read_bytes()
                resp = http.post("/filings", content=data, params=t.get("hints") or {},
                                 headers={"Content-Type": "application/pdf", "X-Filename": t["file"]})
                resp.raise_for_status()
                ids.append(resp.json()["id"])
            deadline = time.time() + timeout
            done: list[dict[str, Any]] = []
            while time.time() < deadline:
                done = [http.get(f"/filings/{fid}").json() for fid in ids]
                if all(d.get("status") in ("ready", "failed") for d in done):
                    self.seed_dockets(http, deadline)
                    return done
                time.sleep(0.3)
        raise RuntimeError("fixtures were not processed in time")

    @staticmethod
    def seed_dockets(http: Any, deadline: float) -> list[dict[str, Any]]:
        """The fixture docket reports (fixtures/dockets/*.html) through POST /dockets; a report
        already imported answers as a duplicate."""
        ids = []
        for page in sorted((ROOT / "fixtures" / "dockets").glob("*.html")):
            resp = http.post("/dockets", content=page.read_bytes(), headers={"Content-Type": "text/html"})
            resp.raise_for_status()
            ids.append(resp.json()["id"])
        while time.time() < deadline:
            done = [http.get(f"/dockets/{rid}").json() for rid in ids]
            if all(d.get("status") in ("ready", "failed") for d in done):
                return done
            time.sleep(0.3)
        raise RuntimeError("fixture docket reports were not imported in time")
