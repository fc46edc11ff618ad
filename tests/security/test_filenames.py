"""Issue #10 item 8: file names are normalised on the way in, and a download's
Content-Disposition (signed into the presigned URL) is one well-formed RFC 6266 header even for a
name stored before the rules."""
from __future__ import annotations

import re
from email.message import Message
from email.utils import collapse_rfc2231_value
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from chalicelib.adapters import filings_repo

ROOT = Path(__file__).resolve().parents[2]
PDF = (ROOT / "fixtures" / "pdfs" / "syn08.pdf").read_bytes()


def signed_disposition(location: str) -> str:
    (value,) = parse_qs(urlparse(location).query)["response-content-disposition"]
    return value


def well_formed(header: str) -> str:
    """The name a browser would save under; fails on anything that could break the header."""
    assert header.isascii() and not re.search(r"[\x00-\x1f\x7f]", header), repr(header)
    msg = Message()
    msg["Content-Disposition"] = header
    assert msg.get_content_disposition() == "attachment"
    params = dict(msg.get_params(header="content-disposition")[1:])
    assert set(params) <= {"filename", "filename*"}, params
    return collapse_rfc2231_value(params["filename"])


@pytest.mark.parametrize("sent, stored", [
    ('../../etc/passwd"; x=".pdf', 'passwd__ x=_.pdf'),
    ("motion\r\nSet-Cookie: a=b.pdf", "motion Set-Cookie_ a=b.pdf"),
    ("UTF-8''Ex%C3%A4mple%20%C2%A7%2012.pdf", "Ex\u00e4mple \u00a7 12.pdf"),
])
def test_a_direct_upload_stores_a_safe_name_and_downloads_under_it(archive, sent, stored):
    resp = archive.upload(PDF, headers={"X-Filename": sent})
    assert resp.status_code == 202 and resp.json["filename"] == stored
    content = archive.get(f"/filings/{resp.json['id']}/content", key="read")
    assert content.status_code == 302
    assert well_formed(signed_disposition(content.headers["Location"])) == stored


def test_a_presigned_upload_stores_a_safe_name(archive):
    import hashlib

    resp = archive.request("POST", "/uploads", key="write", body={
        "sha256": hashlib.sha256(PDF).hexdigest(), "size": len(PDF),
        "filename": "..\\..\\Windows\\win.ini\r\nX-Evil: 1"})
    assert resp.status_code == 202
    assert resp.json["filing"]["filename"] == "win.ini X-Evil_ 1"


@pytest.mark.parametrize("bad", ["exhibit\r\nSet-Cookie: a=b.pdf", 'a"; filename="../../x.pdf', "\r\n", "\x00"])
def test_the_content_url_of_a_name_stored_before_the_rules_still_works(archive, bad):
    resp = archive.upload(PDF)
    record = filings_repo.get(resp.json["id"], consistent=True)
    filings_repo.save(record.model_copy(update={"filename": bad}), record.version)  # as old code stored it
    content = archive.get(f"/filings/{record.id}/content", key="read")
    assert content.status_code == 302 and "\n" not in content.headers["Location"]
    name = well_formed(signed_disposition(content.headers["Location"]))
    assert name.endswith(".pdf") and not re.search(r'[/\\"\r\n\x00;]', name), name
