"""Docket numbers: every printed form parses; the case key is stable across forms."""
import pytest

from chalicelib.domain.docket_numbers import case_id, match_reason, parse_docket_number

# printed form -> (office, year, type, serial, judges, defendant, canonical)
PARSE = [
    ("4:19-cv-07123-PJH", ("4", "19", "cv", 7123, ("PJH",), None, "19-cv-07123")),
    ("4:19-cv-7123", ("4", "19", "cv", 7123, (), None, "19-cv-07123")),
    ("19-cv-07123", (None, "19", "cv", 7123, (), None, "19-cv-07123")),
    ("No. C 19-07123 PJH", (None, "19", "cv", 7123, ("PJH",), None, "19-cv-07123")),
    ("C-19-07123-PJH", (None, "19", "cv", 7123, ("PJH",), None, "19-cv-07123")),
    ("19-7123", (None, "19", None, 7123, (), None, "19-07123")),
    ("3:20-cr-00070-TKW-MAL-1", ("3", "20", "cr", 70, ("TKW", "MAL"), 1, "20-cr-00070")),
    ("1:13-cv-04384-PAE-HBP", ("1", "13", "cv", 4384, ("PAE", "HBP"), None, "13-cv-04384")),
    ("20-16408", (None, "20", None, 16408, (), None, "20-16408")),
    ("9:19-bk-11573-MB", ("9", "19", "bk", 11573, ("MB",), None, "19-bk-11573")),
    ("18-09232", (None, "18", None, 9232, (), None, "18-09232")),
    ("1:2019-cv-07123", ("1", "19", "cv", 7123, (), None, "19-cv-07123")),
    ("4:19\u2013cv\u201307123\u2013PJH", ("4", "19", "cv", 7123, ("PJH",), None, "19-cv-07123")),
    ("No. 11\u2013889", (None, "11", None, 889, (), None, "11-00889")),
    # corpus forms
    ("CV08-02448-MMC", (None, "08", "cv", 2448, ("MMC",), None, "08-cv-02448")),
    ("CV 99-8333-DMG (SKx)", (None, "99", "cv", 8333, ("DMG", "SK"), None, "99-cv-08333")),
    ("SACR 16-76JVS", (None, "16", "cr", 76, ("JVS",), None, "16-cr-00076")),
    ("12 Civ. 5708 (ER)", (None, "12", "cv", 5708, ("ER",), None, "12-cv-05708")),
    ("19-cr-725 (JPO)", (None, "19", "cr", 725, ("JPO",), None, "19-cr-00725")),
    ("21 Mag. 4335", (None, "21", "mj", 4335, (), None, "21-mj-04335")),
    ("2:20-SW-908 DB", ("2", "20", "sw", 908, ("DB",), None, "20-sw-00908")),
    ("8:16-cv-1261 DOC (KESx)", ("8", "16", "cv", 1261, ("DOC", "KES"), None, "16-cv-01261")),
]


@pytest.mark.parametrize("printed,want", PARSE)
def test_parse(printed, want):
    d = parse_docket_number(printed)
    assert d is not None
    assert (d.office, d.year, d.case_type, d.serial, d.judges, d.defendant, d.canonical) == want


@pytest.mark.parametrize("printed", ["363A14-4", "19031-13", "2018-06-1735", "", "Page 1 of 5"])
def test_not_federal(printed):
    assert parse_docket_number(printed) is None


def test_core():
    assert parse_docket_number("4:19-cv-07123-PJH").core == "19-07123"


CASE_IDS = [
    ("cand", "4:19-cv-07123-PJH", "cand-19-cv-07123"),
    ("cand", "19-cv-7123", "cand-19-cv-07123"),
    ("cand", "No. C 19-07123 PJH", "cand-19-cv-07123"),
    ("CAND", "C-19-07123-PJH", "cand-19-cv-07123"),
    ("ca9", "20-16408", "ca9-20-16408"),
    ("ca10", "21-800", "ca10-21-00800"),
    ("canb", "1:18-bk-09232", "canb-18-09232"),
    ("canb", "18-09232", "canb-18-09232"),
    ("cand", "1:18-bk-09232", "cand-18-bk-09232"),   # bk kept outside bankruptcy courts
    ("neb", "1:18-bk-09232", "neb-18-bk-09232"),     # Nebraska Supreme Court ends in b too
    (None, "4:19-cv-07123-PJH", "unk-19-cv-07123"),
    ("nc", "363A14-4", "nc-363a14-4"),
    ("nc", "No. 363A14-4", "nc-363a14-4"),
    ("tax", "19031-13", "tax-19031-13"),
    ("tennworkcompcl", "2018-06-1735", "tennworkcompcl-2018-06-1735"),
]


@pytest.mark.parametrize("court,printed,want", CASE_IDS)
def test_case_id(court, printed, want):
    assert case_id(court, printed) == want


def test_case_id_accepts_parsed():
    assert case_id("nysd", parse_docket_number("1:13-cv-04384-PAE-HBP")) == "nysd-13-cv-04384"


@pytest.mark.parametrize("a,b,same", [
    ("4:19-cv-07123-PJH", "19-cv-7123", True),
    ("4:19-cv-07123-PJH", "No. C 19-07123 PJH", True),
    ("4:19-cv-07123-PJH", "19-7123", True),
    ("3:20-cr-00070-TKW-MAL-1", "3:20-cr-00070-TKW-MAL-2", True),
    ("4:19-cv-07123-PJH", "4:19-cr-07123", False),
    ("4:19-cv-07123-PJH", "4:19-cv-07124-PJH", False),
    ("4:19-cv-07123-PJH", "4:20-cv-07123-PJH", False),
])
def test_match_reason(a, b, same):
    reason = match_reason(parse_docket_number(a), parse_docket_number(b))
    assert (reason is not None) == same
    if same:
        assert "serial" in reason


def test_match_reason_explains_ignored_parts():
    r = match_reason(parse_docket_number("4:19-cv-07123-PJH"), parse_docket_number("19-cv-07123"))
    assert r == "same year, type and serial; office and judge initials ignored"
