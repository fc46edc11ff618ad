#!/usr/bin/env python3
"""Regenerate chalicelib/domain/court_ids.json from courts-db.

The API validates a client's court id hint against this file so that it never imports courts-db
(a 2,800-court regex table). Run after upgrading courts-db or changing the court patterns. The
file records a fingerprint of what it was built from (courts-db's version, the pattern names,
EXTRA_COURTS): tests/domain/test_courts.py fails when that fingerprint is not today's, and
`--check` rebuilds the whole table and compares (about a minute: 2,000 names × 8,000 regexes).

usage: python tools/gen_court_ids.py [--check]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chalicelib.domain.courts import (COURT_IDS_PATH, EXTRA_COURTS, court_name_key,  # noqa: E402
                                      courts_db_court_id, pattern_names)
import importlib.metadata as md


def inputs_fingerprint() -> str:
    """What the table is a function of: courts-db's version, every name the patterns may look up,
    and the courts added to courts-db's list."""
    inputs = {"courts_db": md.version("courts-db"), "names": pattern_names(), "extra": EXTRA_COURTS}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def id_lists() -> dict[str, list[str]]:
    """The id lists (all, bankruptcy, federal district): cheap, read off courts-db's court list."""
    from courts_db import courts

    ids = sorted({c["id"] for c in courts} | {cid for cid, _name, _rx in EXTRA_COURTS})
    bankruptcy = sorted({c["id"] for c in courts if c.get("type") == "bankruptcy"})
    # courts-db's "type" for federal district courts is inconsistent (trial or appellate): take
    # the federal ids of the district form (cand, nysd, mdd), not the old circuit courts (circt*).
    district = sorted({c["id"] for c in courts
                       if c.get("system") == "federal" and c["id"].endswith("d")
                       and not c["id"].startswith("circt") and c.get("type") != "bankruptcy"})

    return {"ids": ids, "bankruptcy": bankruptcy, "district": district}


def build() -> dict:
    # Court names built from patterns (chalicelib.domain.courts.pattern_names), resolved now so
    # that the worker never needs courts-db for them (null: no single court).
    names = {court_name_key(n, bk): courts_db_court_id(n, bk) for n, bk in pattern_names()}
    return {"source": f"courts-db {md.version('courts-db')} + EXTRA_COURTS", "inputs": inputs_fingerprint(),
            **id_lists(), "names": names}


def render(data: dict) -> str:
    return json.dumps(data, indent=0, sort_keys=True) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    a = ap.parse_args()
    text = render(build())
    if a.check:
        ok = COURT_IDS_PATH.exists() and COURT_IDS_PATH.read_text() == text
        print("court_ids.json is up to date" if ok else "court_ids.json is stale")
        return 0 if ok else 1
    COURT_IDS_PATH.write_text(text)
    print(f"wrote {COURT_IDS_PATH} ({len(json.loads(text)['ids'])} ids)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
