"""Issue #10 item 8: a client's file name can never break a header or name a path."""
from __future__ import annotations

import re
import unicodedata
from email.message import Message
from email.utils import collapse_rfc2231_value
from urllib.parse import unquote

import pytest

from chalicelib.domain import filenames

HOSTILE = [
    '../../etc/passwd"; x=".pdf',
    "motion\r\nSet-Cookie: a=b.pdf",
    "motion\nLocation: http://evil.example/.pdf",
    "C:\\Users\\clerk\\Desktop\\order.pdf",
    "/var/tmp/../order.pdf",
    '"quoted".pdf',
    "it's; filename*=UTF-8''evil.pdf",
    "tab\there\x00nul\x7fdel\x85nel.pdf",
    "zero\u200bwidth\u202eright-to-left.pdf",
    "line\u2028sep\u2029para.pdf",
    "Motion to Dismiss \u00a7 12(b)(6) \u2014 Ex\u00e4mple.pdf",
    "\u5224\u6c7a.pdf",
    "....pdf",
    "e\u0301clair.pdf",  # decomposed: NFC makes it one character
    "a" * 600 + ".pdf",
    "%0d%0aSet-Cookie.pdf",
    "<script>alert(1)</script>.pdf",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_stored_name_has_no_path_quote_or_control_character(name):
    out = filenames.clean(name)
    assert out
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\"'\\/;]", out), repr(out)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in out), repr(out)
    assert not out.startswith(".") and out == out.strip()
    assert len(out) <= filenames.MAX_NAME_CHARS
    assert out == unicodedata.normalize("NFC", out)
    assert filenames.clean(out) == out  # idempotent: cleaning a stored name changes nothing


@pytest.mark.parametrize("name, expected", [
    ('../../etc/passwd"; x=".pdf', 'passwd__ x=_.pdf'),
    ("C:\\Users\\clerk\\order.pdf", "order.pdf"),
    ("motion\r\nSet-Cookie: a=b.pdf", "motion Set-Cookie_ a=b.pdf"),
    ("Order.pdf", "Order.pdf"),
    ("a" * 600 + ".pdf", "a" * 196 + ".pdf"),
])
def test_clean_keeps_the_readable_part(name, expected):
    assert filenames.clean(name) == expected


@pytest.mark.parametrize("name", [None, "", "   ", "..", "/", "\r\n", "\"'", "../..", "\x00\x01"])
def test_nothing_usable_is_no_name(name):
    assert filenames.clean(name) is None


def _parse(header: str) -> Message:
    msg = Message()
    msg["Content-Disposition"] = header
    return msg


@pytest.mark.parametrize("name", HOSTILE + [None, "\r\n"])
def test_content_disposition_is_one_well_formed_header(name):
    header = filenames.content_disposition(name, fallback="cand-19-cv-07123_494.pdf")
    assert header.isascii() and not re.search(r"[\x00-\x1f\x7f]", header), repr(header)
    msg = _parse(header)
    assert msg.get_content_disposition() == "attachment"
    params = dict(msg.get_params(header="content-disposition")[1:])
    assert set(params) <= {"filename", "filename*"}, params  # no parameter smuggled in
    plain = re.search(r'filename="([^"]*)"', header).group(1)
    assert "/" not in plain and "\\" not in plain
    full = collapse_rfc2231_value(params["filename"])  # filename* wins when present
    assert full == (filenames.clean(name) or "cand-19-cv-07123_494.pdf")


def test_non_ascii_names_travel_in_filename_star_with_an_ascii_fallback():
    header = filenames.content_disposition("Ex\u00e4mple \u00a7 12.pdf")
    assert header.startswith('attachment; filename="Example _ 12.pdf"; filename*=UTF-8\'\'')
    assert unquote(header.split("UTF-8''", 1)[1]) == "Ex\u00e4mple \u00a7 12.pdf"
    assert filenames.content_disposition("order.pdf") == 'attachment; filename="order.pdf"'


@pytest.mark.parametrize("value, expected", [
    ("UTF-8''Ex%C3%A4mple%20%C2%A7.pdf", "Ex\u00e4mple \u00a7.pdf"),
    ("utf-8''a%0D%0Ab.pdf", "a b.pdf"),
    ("plain name.pdf", "plain name.pdf"),
    ("100% done.pdf", "100% done.pdf"),
    ("", None),
])
def test_header_names_may_come_rfc8187_encoded(value, expected):
    assert filenames.from_header(value) == expected
