"""`make serve`: run the whole archive on this machine until Ctrl-C.

Starts moto on 127.0.0.1:MOTO_PORT, creates the resources infra/ declares, installs the local
API keys (ARCHIVE_ADMIN_KEY / ARCHIVE_READ_KEY if set, else fresh ones), starts the API on
127.0.0.1:API_PORT and the ingest worker, seeds the fixtures through the real upload path and
prints a ready line. Ctrl-C stops everything it started (all threads of this one process).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--moto-port", type=int, default=int(os.environ.get("MOTO_PORT", 5000)))
    ap.add_argument("--api-port", type=int, default=int(os.environ.get("API_PORT", 8000)))
    ap.add_argument("--no-seed", action="store_true", help="start empty")
    ap.add_argument("--verbose", action="store_true", help="log every API request")
    args = ap.parse_args()

    from tools.localstack import LocalStack

    stack = LocalStack(
        moto_port=args.moto_port, api_port=args.api_port,
        admin_key=os.environ.get("ARCHIVE_ADMIN_KEY") or None,
        read_key=os.environ.get("ARCHIVE_READ_KEY") or None,
        quiet=not args.verbose,
    )
    stopping = threading.Event()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C (even where the shell started us with SIGINT ignored) and SIGTERM stop everything,
    # also while the fixtures are still being seeded
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        stack.start()
        print(f"moto (S3, SQS, DynamoDB)  {stack.moto_url}")
        print(f"archive API               {stack.api_url}   (OpenAPI: {stack.api_url}/openapi.json)")
        print(f"admin key                 {stack.admin_key}")
        print(f"read-only key             {stack.read_key}")
        if not args.no_seed:
            print("seeding fixtures through POST /filings ...", flush=True)
            seeded = stack.seed()
            ready = sum(1 for s in seeded if s.get("status") == "ready")
            print(f"seeded {len(seeded)} fixture filings ({ready} ready)")
        print(f"export ARCHIVE_URL={stack.api_url} ARCHIVE_KEY={stack.admin_key}")
        print(f"ready: the archive is serving on {stack.api_url} (Ctrl-C stops everything)", flush=True)
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        print("\nstopping ...", flush=True)
        stack.stop()
        print("stopped")
    sys.exit(0)


if __name__ == "__main__":
    main()
