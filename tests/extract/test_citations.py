"""The windowed citation finder returns exactly what whole-text eyecite returns."""
from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.extract import citations as C
from chalicelib.extract.pdf_text import read_pdf_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures" / "pdfs").glob("*.pdf"))
CORPUS = Path("/work/shared/corpus/dev/pdfs")
# the ten largest corpus files (briefs and opinions carry most citations)
CORPUS_FILES = sorted(CORPUS.glob("*.pdf"), key=lambda p: -p.stat().st_size)[:10] if CORPUS.is_dir() else []


def _text(path: Path) -> str:
    return "\n".join(read_pdf_text(path.read_bytes()).pages)


def _same(text: str):
    fast = C.find_citations(text)
    assert fast == C.find_citations_plain(text)
    return fast


@pytest.mark.parametrize("text, cites", [
    ("See Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1999); Jones, 123 F.3d at 461.",
     [("123 F.3d 456", "case", 2)]),
    ("Under 18 U.S.C. § 1030(a)(2) and 42 U.S.C. §§ 1983, a claim lies. Id. at 5.",
     [("18 U.S.C. § 1030", "statute", 1), ("42 U.S.C. § 1983", "statute", 1)]),
    ("Doe v. Roe, 100 N. Y. S. 2d 200 (N.Y. App. Div. 1950).", None),
    ("Roe v. Wade, 410 U.S. 113 (1973). " + "x " * 400 + "Roe, 410 U.S. at 150.",
     [("410 U.S. 113", "case", 2)]),
    ("A pending cite: Brown v. Board, 600 U.S. ________ (2024), and Cal. Civ. Code § 1542.", None),
    ("See N.Y. Tax Law § 601 and Tex. Bus. & Com. Code Ann. § 17.46; 5 S.W.2d 10.", None),
    ("Plaintiff filed on June 5, 2019 at 10:00 a.m. Page 3 of 16. Exhibit A.", []),
    ("", []),
])
def test_windowed_equals_whole_text_on_strings(text, cites):
    got = _same(text)
    if cites is not None:
        assert [(c.cite, c.kind, c.count) for c in got][:len(cites)] == cites


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_windowed_equals_whole_text_on_fixtures(path):
    _same(_text(path))


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_windowed_equals_whole_text_on_corpus(path):
    _same(_text(path))


def test_fast_court_lookup_matches_eyecite():
    C.tokenizer()  # installs the fast lookup
    import eyecite.helpers
    from courts_db import courts

    fast = eyecite.helpers.get_court_by_paren
    samples = ["9th Cir.", "2d Cir", "N.D. Cal.", "Pa. Super.", "SC", "", "Cal", "D. Mass.",
               "Fed. Cir.", "Bankr. S.D.N.Y.", "Tex. App.", "zzz"]
    samples += [c["citation_string"] for c in courts[::97]]
    import regex

    def original(paren_string):  # eyecite 2.7's get_court_by_paren, verbatim logic
        court_str = regex.sub(r"[^\w]", "", paren_string).lower()
        court_code = None
        if court_str:
            for court in courts:
                s = regex.sub(r"[^\w]", "", court["citation_string"]).lower()
                if s == court_str:
                    return str(court["id"])
                if s.startswith(court_str):
                    court_code = court["id"]
        return court_code

    for s in samples:
        assert fast(s) == original(s), s


def test_every_unfiltered_extractor_has_a_guard_or_runs_whole():
    from eyecite.tokenizers import default_tokenizer

    tok = C.tokenizer()
    plan = tok.plan("x " * 50)
    whole = [e for e, w in plan if w == [(0, 100)]]
    # only the placeholder regex ("___ U.S. ___", unbounded length) runs on the whole text
    assert len(whole) <= 1
    assert len(default_tokenizer.unfiltered_extractors) >= len(whole)


_PLEADING = "\n".join(f"{i} line {i} of a pleading" for i in range(1, 10))


@pytest.mark.parametrize("tail, cites", [
    # the line number glued to the section: "§ 10" + "1983" must not read "§ 101983"
    ("\n10 Plaintiffs sue under 42 U.S.C. §\n111983 and state law.", [("42 U.S.C. § 1983", "statute", 1)]),
    # the line number glued to the reporter: "550" / "11U.S. 544"
    ("\n10 See Bell Atl. Corp. v. Twombly, 550\n11U.S. 544, 570 (2007).", [("550 U.S. 544", "case", 1)]),
    # a citation wrapped over two numbered lines: the number is not the title
    ("\n10 naturalized under 8 U.S.C.\n11 § 1427 and 9 U.S.C. § 2.", [("8 U.S.C. § 1427", "statute", 1),
                                                                    ("9 U.S.C. § 2", "statute", 1)]),
])
def test_pleading_line_numbers_never_join_a_citation(tail, cites):
    got = _same(_PLEADING + tail)
    assert [(c.cite, c.kind, c.count) for c in got] == cites
