"""PACER docket report pages (HTML) → plain data, with juriscraper — the field's parser.

Worker only: juriscraper pulls in lxml and dateparser, which must stay off the API's cold start,
so it is imported inside `parse` and nowhere at module level.

The court is needed before parsing (juriscraper's parsers are per court). A report page names
it in its CM/ECF links (``https://ecf.cand.uscourts.gov/…``) and in its header ("Northern
District of California (Oakland)", "United States Court of Appeals for the First Circuit");
the uploader's ``court`` hint wins when given.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from chalicelib.domain import courts
from chalicelib.domain.court_mentions import courts_in_text

MAX_REPORT_BYTES = 4 * 1024 * 1024

_ECF_HOST_RE = re.compile(r"https?://(?:ecf|www)\.([a-z0-9]{2,8})\.uscourts\.gov", re.I)
_DISTRICT_HEADER_RE = re.compile(
    r"(?:(?P<dir>Northern|Southern|Eastern|Western|Central|Middle)\s+)?District\s+of\s+"
    r"(?P<state>[A-Z][A-Za-z .]+?)\s*(?:\[[^\]]*\]\s*)?\(", re.S)
_APPELLATE_RE = re.compile(r"Court\s+of\s+Appeals\s+Docket\s*#|United\s+States\s+Court\s+of\s+Appeals\s+for", re.I)


class NotADocketReport(ValueError):
    """The page is not a docket report juriscraper can read (or names no docket number)."""


def decode(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def is_appellate(html: str, court_id: str | None) -> bool:
    if court_id and courts.court_level(court_id) == "appellate":
        return True
    return bool(_APPELLATE_RE.search(html[:20000]))


def detect_court(html: str) -> str | None:
    """The court a report page is from, or None when the page does not say."""
    hosts = Counter(h.lower() for h in _ECF_HOST_RE.findall(html))
    for host, _ in hosts.most_common():
        if courts.is_known_court(host):
            return host
    text = re.sub(r"<[^>]+>", " ", html[:60000])
    text = re.sub(r"&nbsp;|\s+", " ", text)
    header = text[:5000]
    mentions = [m.court_id for m in courts_in_text(header) if m.court_id]
    if _APPELLATE_RE.search(header):
        appellate = [c for c in mentions if courts.court_level(c) == "appellate"]
        if appellate:
            return appellate[0]
    for m in _DISTRICT_HEADER_RE.finditer(header):
        found = courts.district_court_id(m.group("dir"), m.group("state").strip())
        if found:
            return found
    if mentions:
        return mentions[0]
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def parse(html: str, court_id: str) -> dict[str, Any]:
    """juriscraper's parse of the page, as JSON-ready data (dates as ISO strings)."""
    from juriscraper.pacer import AppellateDocketReport, DocketReport  # lazy: lxml, dateparser

    report_cls = AppellateDocketReport if is_appellate(html, court_id) else DocketReport
    report = report_cls(court_id)
    try:
        report._parse_text(html)
        data = report.data
    except Exception as exc:  # juriscraper raises assorted errors on pages it cannot read
        raise NotADocketReport(f"juriscraper could not read the page ({type(exc).__name__})") from exc
    if not data or not data.get("docket_number"):
        raise NotADocketReport("the page is not a PACER docket report (no docket number found)")
    data = json.loads(json.dumps(data, default=_plain))
    data["court_id"] = court_id
    data["appellate"] = report_cls is AppellateDocketReport
    return data
