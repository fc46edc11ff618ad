"""Which court ids the archive knows: the id table of `court_ids.json` (written by
tools/gen_court_ids.py), read on first use.

A request validates a court id (`?court=`, an upload's hint) with this alone. `courts` (printed
court names, courts-db lookups) and `court_mentions` (the patterns that find them in a filing)
are extraction's and are not imported on an API cold start (the patterns compile on import).
"""
from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("court_ids.json")


@lru_cache(maxsize=1)
def table() -> dict:
    """The whole file: `ids`, `bankruptcy`, `district` and the printed-name `names` table."""
    return json.loads(PATH.read_text())


@cache
def ids(kind: str = "ids") -> frozenset[str]:
    """One id list of the table as a set, built once (`ids`, `bankruptcy` or `district`)."""
    return frozenset(table()[kind])


def is_known(court_id: str | None) -> bool:
    return bool(court_id) and court_id in ids()


def is_bankruptcy(court_id: str | None) -> bool:
    return bool(court_id) and court_id in ids("bankruptcy")
