"""Issue #10 item 9: cursors. Outside the local stage the app does not start without a real
secret; a cursor signed with the right secret but malformed inside is a 400 problem+json on
every route that takes one (never a 500); a search cursor cannot ask for deeper reads than the
planner's cap. The tests sign with a secret they control (tests/conftest.py)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib import config

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 40


# ------------------------------------------------------------------ the secret at start
@pytest.mark.parametrize("env", [
    {"ARCHIVE_STAGE": "prod"},
    {"ARCHIVE_STAGE": "dev", "ARCHIVE_CURSOR_SECRET": ""},
    {"ARCHIVE_STAGE": "prod", "ARCHIVE_CURSOR_SECRET": "short"},
    {"AWS_LAMBDA_FUNCTION_NAME": "court-archive-prod"},  # deployed without a stage: not local
])
def test_outside_the_local_stage_a_missing_or_weak_secret_is_a_startup_error(env):
    with pytest.raises(config.ConfigurationError, match="ARCHIVE_CURSOR_SECRET"):
        config.check_startup(env)


@pytest.mark.parametrize("env, secret", [
    ({"ARCHIVE_STAGE": "local"}, config.DEV_CURSOR_SECRET),
    ({}, config.DEV_CURSOR_SECRET),
    ({"ARCHIVE_STAGE": "prod", "ARCHIVE_CURSOR_SECRET": SECRET}, SECRET),
])
def test_the_local_stage_may_use_the_development_secret(env, secret):
    config.check_startup(env)
    assert config.cursor_secret(env) == secret


def test_the_app_refuses_to_start_in_prod_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_CURSOR_SECRET"}
    env["ARCHIVE_STAGE"] = "prod"
    out = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert "ConfigurationError: ARCHIVE_CURSOR_SECRET is not set" in out.stderr
    env["ARCHIVE_CURSOR_SECRET"] = SECRET
    assert subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120).returncode == 0


# ------------------------------------------------------------------ well signed, malformed inside
def signed_raw(purpose: str, payload: bytes) -> str:
    """What `cursors.encode` writes, for any bytes (even ones that are not JSON)."""
    secret = config.settings().cursor_secret.encode()
    mac = hmac.new(secret, purpose.encode() + b"\0" + payload, hashlib.sha256).digest()[:16]
    b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")  # noqa: E731
    return f"{b64(payload)}.{b64(mac)}"


def signed(purpose: str, state) -> str:
    return signed_raw(purpose, json.dumps(state).encode())


CASE = "cand-19-cv-07123"
FILTERS = {"case_id": CASE, "document_type": None, "updated_since": None, "sealed": False}
ENTRY_FILTERS = {"case_id": CASE, "updated_since": None, "sealed": False}
KEY = {"PK": "FILING#x", "SK": "META", "GSI1PK": f"CASE#{CASE}", "GSI1SK": "D#1"}

MALFORMED = {
    "changes": ("/changes?since={}", [
        {}, {"s": "12"}, {"s": -1}, {"s": 10**15}, {"s": [1]}, {"s": None}, {"s": 1.5},
        {"s": True}, {"s": 1, "x": 2}, [1], "s", 7, None,
    ]),
    "case-filings": (f"/cases/{CASE}/filings?cursor={{}}", [
        {}, {"f": FILTERS}, {"k": KEY}, {"f": FILTERS, "k": "PK"}, {"f": FILTERS, "k": {}},
        {"f": FILTERS, "k": {"PK": 1, "SK": 2, "GSI1PK": 3, "GSI1SK": 4}},
        {"f": FILTERS, "k": {**KEY, "extra": "x"}}, {"f": FILTERS, "k": [KEY]},
        {"f": "x", "k": KEY}, {"f": FILTERS, "k": {**KEY, "PK": "P" * 1500}},
    ]),
    "case-entries": (f"/cases/{CASE}/entries?cursor={{}}", [
        {}, {"f": ENTRY_FILTERS}, {"f": ENTRY_FILTERS, "p": "ab"}, {"f": ENTRY_FILTERS, "p": [1]},
        {"f": ENTRY_FILTERS, "p": [1, 2, 3]}, {"f": ENTRY_FILTERS, "p": ["1", "2"]},
        {"f": ENTRY_FILTERS, "p": [-1, 0]}, {"f": ENTRY_FILTERS, "p": [10**12, 0]},
        {"f": ENTRY_FILTERS, "p": None},
    ]),
    "search": ("/search?q=motion&cursor={}", [
        {}, {"h": 5}, {"h": "x", "g": "deep"}, {"h": "x", "g": [[10**9, None]]},
        {"h": "x", "g": [[129, None]]}, {"h": "x", "g": [[0, None]]}, {"h": "x", "g": [[3]]},
        {"h": "x", "g": [[3, {"a": 1}]]}, {"h": "x", "g": [[d, None] for d in range(1, 20)]},
        {"h": "x", "pos": ["a"]}, {"h": "x", "pos": [1, 2]}, {"h": "x", "pos": "ab"},
    ]),
}
CASES = [(purpose, path, state) for purpose, (path, states) in MALFORMED.items() for state in states]


@pytest.mark.parametrize("purpose, path, state", CASES,
                         ids=[f"{p}-{json.dumps(s)[:40]}" for p, _, s in CASES])
def test_a_well_signed_malformed_cursor_is_a_400(archive, purpose, path, state):
    cursor = signed(purpose, state)
    resp = archive.get(path.format(cursor), key="read")
    assert resp.status_code == 400, (resp.status_code, resp.body[:300])
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert resp.json["type"].endswith("/invalid-cursor")


@pytest.mark.parametrize("payload", [b"\xff\xfe not utf-8", b"{not json", b"", b"[]", b"\"text\""])
def test_signed_bytes_that_are_not_a_json_object_are_a_400(archive, payload):
    resp = archive.get("/changes?since=" + signed_raw("changes", payload), key="read")
    assert resp.status_code == 400 and resp.json["type"].endswith("/invalid-cursor")


@pytest.mark.parametrize("cursor", [
    "x" * 5000, "abc.\u00e9\u00e9", "....", ".", "no-dot", "\u2603.\u2603", "a.b.c",
])
def test_garbage_cursors_are_a_400(archive, cursor):
    resp = archive.request("GET", "/changes?since=" + _q(cursor), key="read")
    assert resp.status_code in (400, 422), (resp.status_code, resp.body[:200])
    assert resp.headers["Content-Type"] == "application/problem+json"


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def test_a_cursor_signed_with_the_development_secret_is_refused_outside_local(archive):
    payload = json.dumps({"s": 0}).encode()
    mac = hmac.new(config.DEV_CURSOR_SECRET.encode(), b"changes\0" + payload, hashlib.sha256).digest()[:16]
    forged = (base64.urlsafe_b64encode(payload).decode().rstrip("=") + "."
              + base64.urlsafe_b64encode(mac).decode().rstrip("="))
    resp = archive.get("/changes?since=" + forged, key="read")
    assert resp.status_code == 400 and "altered" in resp.json["detail"]


def test_a_real_cursor_still_pages(archive):
    first = archive.get("/changes?limit=1", key="read")
    assert first.status_code == 200
    cursor = first.json.get("cursor") or first.json["next"]  # the bare cursor (list envelope) or the old `next`
    assert archive.get("/changes?since=" + _q(cursor), key="read").status_code == 200
