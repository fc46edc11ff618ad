"""Which court ids the archive knows: the id table of `court_ids.json` (written by
tools/gen_court_ids.py), read on first use.

A request validates a court id (`?court=`, an upload's hint) with this alone. `courts` — printed
court names, the patterns that find them in a filing, courts-db lookups — is extraction's and
is not imported on an API cold start (it compiles its patterns on import).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("court_ids.json")  # the file `courts.COURT_IDS_PATH` names


@lru_cache(maxsize=1)
def known() -> frozenset[str]:
    return frozenset(json.loads(PATH.read_text())["ids"])


def is_known(court_id: str | None) -> bool:
    return bool(court_id) and court_id in known()
