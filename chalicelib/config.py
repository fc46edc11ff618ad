"""Settings from the environment, read in one place and only when first asked for.

Nothing is read at import time (`check_startup`, called by app.py, is the one exception), so tests and the local stack can set the environment after
importing the app, and Lambda pays nothing for settings a route never uses.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Mapping

MAX_DIRECT_UPLOAD_BYTES = 4 * 1024 * 1024  # API Gateway + Lambda cap a base64 body near 4.5 MB
MAX_PRESIGNED_UPLOAD_BYTES = 500 * 1024 * 1024
PRESIGNED_UPLOAD_EXPIRY_SECONDS = 15 * 60
PRESIGNED_DOWNLOAD_EXPIRY_SECONDS = 5 * 60
INGEST_QUEUE = "court-archive-ingest"  # the worker's trigger names it at import; infra declares it


@dataclass(frozen=True)
class Settings:
    table_name: str
    bucket_name: str
    queue_url: str | None
    queue_name: str
    region: str
    stage: str
    cursor_secret: str
    service_name: str = "court-archive"
    metrics_namespace: str = "CourtArchive"
    cors_origins: tuple[str, ...] = ()
    public_url: str | None = None


LOCAL_STAGE = "local"
DEV_CURSOR_SECRET = "local-dev-cursor-secret"  # the local stage only: cursors there guard nothing
MIN_CURSOR_SECRET_CHARS = 32  # infra's CursorSecret parameter has the same MinLength


class ConfigurationError(RuntimeError):
    """A setting the app cannot run without; raised when the app starts, not on a request."""


def stage(env: Mapping[str, str] | None = None) -> str:
    """ARCHIVE_STAGE; unset means the local stage, except inside Lambda (chalice sets the stage
    of every deployed function in .chalice/config.json, so an unset one there is a mistake)."""
    env = os.environ if env is None else env
    default = "unset" if env.get("AWS_LAMBDA_FUNCTION_NAME") else LOCAL_STAGE
    return env.get("ARCHIVE_STAGE") or default


def cursor_secret(env: Mapping[str, str] | None = None) -> str:
    """The HMAC secret for cursors. Outside the local stage there is no default: a guessable
    development secret would let anyone forge cursor contents."""
    env = os.environ if env is None else env
    secret = env.get("ARCHIVE_CURSOR_SECRET") or ""
    if stage(env) == LOCAL_STAGE:
        return secret or DEV_CURSOR_SECRET
    if len(secret) < MIN_CURSOR_SECRET_CHARS:
        problem = "is not set" if not secret else f"is shorter than {MIN_CURSOR_SECRET_CHARS} characters"
        raise ConfigurationError(
            f"ARCHIVE_CURSOR_SECRET {problem}: outside the local stage (ARCHIVE_STAGE={stage(env)}) "
            f"pagination cursors need a secret of at least {MIN_CURSOR_SECRET_CHARS} random characters "
            "(in AWS: the CursorSecret template parameter)")
    return secret


LOCAL_UI_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:5173")  # a local UI's dev server


def cors_origins(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Browser origins allowed to call the API (ARCHIVE_CORS_ORIGINS, comma-separated; `*` for
    any). None by default outside the local stage; the local UI's origins locally."""
    env = os.environ if env is None else env
    raw = env.get("ARCHIVE_CORS_ORIGINS")
    if raw is None:
        return LOCAL_UI_ORIGINS if stage(env) == LOCAL_STAGE else ()
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def check_startup(env: Mapping[str, str] | None = None) -> None:
    """Called when app.py is imported (a Lambda's init, `make serve`): stop with a clear error
    rather than serve with settings that are unsafe."""
    cursor_secret(env)


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ
    return Settings(
        table_name=env.get("ARCHIVE_TABLE", "court-archive"),
        bucket_name=env.get("ARCHIVE_BUCKET", "court-archive-filings"),
        queue_url=env.get("ARCHIVE_QUEUE_URL") or None,
        queue_name=env.get("ARCHIVE_QUEUE", INGEST_QUEUE),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        stage=stage(env),
        cursor_secret=cursor_secret(env),
        cors_origins=cors_origins(env),
        public_url=env.get("ARCHIVE_PUBLIC_URL") or None,
    )


def reset() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    settings.cache_clear()


WORKER_MEMORY_MB = 3008  # the production worker's declared memory (.chalice/config.json)
PARENT_RESERVE_MB = 768  # the worker itself: runtime, boto3, the filing's bytes


@dataclass(frozen=True)
class ExtractionBounds:
    """Limits of the sandboxed extraction process (chalicelib.extract.sandbox)."""

    memory_bytes: int        # RLIMIT_AS of the child
    cpu_seconds: int         # RLIMIT_CPU per filing
    wall_seconds: float      # the worker kills the child after this long without an answer
    max_tasks: int = 50      # filings per child before a fresh one (fragmentation, leaks)
    startup_seconds: float = 120.0  # importing PDFium, courts-db, eyecite on a cold, busy box

    @property
    def memory_mb(self) -> int:
        return self.memory_bytes >> 20


def extraction_bounds(env: dict[str, str] | None = None) -> ExtractionBounds:
    """From the worker function's declared memory (Lambda sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE)
    less what the worker needs itself: the child and the worker together stay inside the
    function, so Lambda never kills the worker for the child's sake.

    ARCHIVE_EXTRACT_MEMORY_MB, ARCHIVE_EXTRACT_TIMEOUT_S and ARCHIVE_EXTRACT_CPU_S override;
    the wall default (45 s) leaves the 60 s worker time to store the result.
    """
    env = os.environ if env is None else env
    function_mb = int(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") or WORKER_MEMORY_MB)
    memory_mb = int(env.get("ARCHIVE_EXTRACT_MEMORY_MB") or max(512, function_mb - PARENT_RESERVE_MB))
    wall = float(env.get("ARCHIVE_EXTRACT_TIMEOUT_S") or 45)
    cpu = int(env.get("ARCHIVE_EXTRACT_CPU_S") or max(1, int(wall) + 5))
    return ExtractionBounds(memory_bytes=memory_mb << 20, cpu_seconds=cpu, wall_seconds=wall,
                            max_tasks=int(env.get("ARCHIVE_EXTRACT_MAX_TASKS") or 50))


SEARCH_BACKENDS = ("dynamodb", "sqlite")


def search_backend(environ: Mapping[str, str] | None = None) -> str:
    """SEARCH_BACKEND: `dynamodb` (default; AWS) or `sqlite` (the local archive, `make serve`)."""
    env = os.environ if environ is None else environ
    name = (env.get("SEARCH_BACKEND") or "dynamodb").strip().lower()
    if name not in SEARCH_BACKENDS:
        raise ConfigurationError(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {name!r}")
    return name
