"""`make serve`: run the whole archive on this machine until Ctrl-C, keeping its data.

Starts the AWS stand-in (moto) on 127.0.0.1:MOTO_PORT with the archive's data dir
(ARCHIVE_DATA_DIR, default ./.archive-data: everything acknowledged survives a restart, a crash
or kill -9), creates the resources infra/ declares, queues again uploads left unfinished, installs
the three local API keys (kept in the data dir, so the printed keys stay valid; ARCHIVE_READ_KEY /
ARCHIVE_WRITE_KEY / ARCHIVE_ADMIN_KEY override them), starts the API on 127.0.0.1:API_PORT and
one ingest worker per core under a supervisor (a dead worker or stand-in is restarted), prints a
ready line, then seeds the fixtures in the background (idempotent: only what is not yet archived
is uploaded). `--fresh` (`make serve-fresh`) starts empty. Ctrl-C stops everything it started.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from tools.localstack import LocalStack
from tools.standin_seed import Seeder


def default_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--moto-port", type=int, default=int(os.environ.get("MOTO_PORT", 5000)))
    ap.add_argument("--api-port", type=int, default=int(os.environ.get("API_PORT", 8000)))
    ap.add_argument("--data-dir", default=os.environ.get("ARCHIVE_DATA_DIR") or ".archive-data",
                    help="where the local archive keeps its data (default ./.archive-data)")
    ap.add_argument("--fresh", action="store_true", help="empty the data dir first")
    ap.add_argument("--memory", action="store_true", help="keep nothing on disk (forgotten at exit)")
    ap.add_argument("--no-seed", action="store_true", help="do not seed the fixtures")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("ARCHIVE_WORKERS") or default_workers()),
                    help="ingest worker processes (default: one per core, at most 4; 0: uploads stay queued)")
    ap.add_argument("--verbose", action="store_true", default=os.environ.get("VERBOSE", "") not in ("", "0"),
                    help="log every API request: method, path, status, ms, key id")
    args = ap.parse_args()

    stack = LocalStack(
        moto_port=args.moto_port, api_port=args.api_port,
        admin_key=os.environ.get("ARCHIVE_ADMIN_KEY") or None,
        read_key=os.environ.get("ARCHIVE_READ_KEY") or None,
        write_key=os.environ.get("ARCHIVE_WRITE_KEY") or None,
        quiet=True, verbose=args.verbose, workers=args.workers, worker="process" if args.workers > 0 else "none",
        data_dir=None if args.memory else args.data_dir, fresh=args.fresh,
    )
    stopping = threading.Event()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C (even where the shell started us with SIGINT ignored) and SIGTERM stop everything,
    # also while the stand-in is still restoring a large archive
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        stack.start()
        where = f"{stack.data_dir}" if stack.data_dir else "memory only (forgotten at exit)"
        print(f"moto (S3, SQS, DynamoDB)  {stack.moto_url}")
        print(f"archive API               {stack.api_url}   (OpenAPI: {stack.api_url}/openapi.json)")
        print(f"data                      {where}")
        print(f"processes                 stand-in {stack.pids['moto']}, workers {stack.pids['workers']}")
        if stack.recovered:
            print(f"queued again              {stack.recovered} uploads (or follow-up OCR) left unfinished by the last run")
        print(f"read key   (read only)    {stack.read_key}")
        print(f"write key  (read, upload) {stack.write_key}")
        print(f"admin key  (everything, sealed filings and keys too) {stack.admin_key}")
        print(f"export ARCHIVE_URL={stack.api_url} ARCHIVE_KEY={stack.write_key}")
        print(f"ready: the archive is serving on {stack.api_url} with {args.workers} ingest worker(s) "
              f"(Ctrl-C stops everything)", flush=True)
        if not args.no_seed:
            def seeded(seeder: Seeder) -> None:
                if seeder.error:
                    print(f"seeding the fixtures stopped: {seeder.error} (the archive keeps serving)", flush=True)
                    return
                ready = sum(1 for s in seeder.result if s.get("status") == "ready")
                rejected = f"; rejected: {', '.join(seeder.rejected)}" if seeder.rejected else ""
                print(f"seeded {len(seeder.result)} fixture filings ({ready} ready; {seeder.already} were "
                      f"already archived, {seeder.sent} uploaded){rejected}", flush=True)

            stack.seeder = Seeder(stack.api_url, stack.admin_key or "", stop=stopping)
            stack.seeder.start(seeded)
            print("seeding the fixtures in the background ...", flush=True)
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the shutdown short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("\nstopping ...", flush=True)
        stack.stop()
        print("stopped")
    sys.exit(0)


if __name__ == "__main__":
    main()
