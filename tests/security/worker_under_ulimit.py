"""Run by test_worker_under_ulimit.py inside `ulimit -v 3008M` (the production worker's memory):
upload every bomb in the suite and then an ordinary filing through the real worker path (moto,
the SQS event, `ingest_worker`), and print each filing's outcome as JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import tests.conftest as harness_env  # noqa: F401  (fake AWS environment, moto tuning)
from tests.conftest import moto_archive
from tests.security import bombs
from tests.support.harness import Archive

ORDER = (Path(__file__).resolve().parents[2] / "fixtures" / "pdfs" / "syn01.pdf").read_bytes()


def main() -> int:
    outcomes = {}
    with moto_archive() as resources, Archive(resources) as archive:
        for name, build in [*sorted(bombs.BOMBS.items()), ("ordinary filing", lambda: ORDER)]:
            resp = archive.upload(build())
            archive.drain()
            got = archive.get(f"/filings/{resp.json['id']}").json
            outcomes[name] = [got["status"], (got.get("error") or {}).get("code")]
    print(json.dumps(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
