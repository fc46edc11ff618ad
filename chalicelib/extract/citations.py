"""Legal citations in a filing's text, with eyecite (imported lazily: ~0.5-1 s to load).

Case citations are normalised to eyecite's corrected form ("17 F.4th 930"); short forms
("509 U.S. at 589") count toward the full citation with the same volume and reporter. Statutes
become "18 U.S.C. § 1030". Id. and supra references are not counted (they repeat the previous
citation, whatever it was).

Speed (same results as eyecite's default tokenizer, checked by tests/extract/test_citations.py):

* ``_WindowedTokenizer`` runs each of eyecite's ~6,800 token regexes only on windows of the text
  around that regex's own prefilter strings (the reporter abbreviations eyecite's
  Aho-Corasick prefilter already requires), instead of over the whole text. Every match contains
  one of its extractor's strings (that is what makes eyecite's own prefilter sound), matches are
  short, and windows are padded by ``_PAD`` characters and widened to whitespace, so a regex
  finds in its windows exactly the matches it finds in the whole text.
* eyecite's ``get_court_by_paren`` (court of a "(9th Cir. 2001)" parenthetical) re-normalises
  all ~2,800 courts-db citation strings with ``regex.sub`` on every call — 70% of eyecite's time
  on a brief. It is replaced by an equivalent lookup over a list normalised once, memoised.
"""
from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from chalicelib.domain.captions.lines import strip_pleading_numbers
from chalicelib.domain.extraction import Citation

__all__ = ["find_citations", "find_citations_plain", "tokenizer"]

# Characters a token match may reach beyond its prefilter hit (volume before a reporter, page or
# "at page" after it; runs without spaces are never cut, see _widen), and beyond the start of a
# guard of an extractor without prefilter strings (a state code name of up to four words).
_PAD = 64
_GUARD_PAD = 320
_WS = re.compile(r"\s")
_FLAT = re.compile(r"[^\s]*(?: [^\s]+)*")
_STATE: dict = {}
_SKIP_REFERENCES = threading.local()


def _law_cite(c) -> str | None:
    g = c.groups or {}
    reporter, section = g.get("reporter"), g.get("section")
    if not reporter or not section:
        return None
    title = g.get("title") or g.get("chapter") or ""
    return " ".join(f"{title} {reporter} § {section}".split())


# --------------------------------------------------------------------------- eyecite speed-ups
def _fast_court_by_paren():
    """A drop-in for ``eyecite.helpers.get_court_by_paren`` with the same results: the first
    court whose normalised citation string equals the parenthetical's, else the last one it
    is a prefix of."""
    import regex
    from courts_db import courts

    norm = [(regex.sub(r"[^\w]", "", c["citation_string"]).lower(), str(c["id"])) for c in courts]

    @lru_cache(maxsize=4096)
    def get_court_by_paren(paren_string: str) -> str | None:
        court_str = regex.sub(r"[^\w]", "", paren_string).lower()
        court_code = None
        if court_str:
            for s, cid in norm:
                if s == court_str:
                    return cid
                if s.startswith(court_str):
                    court_code = cid
        return court_code

    return get_court_by_paren


def _make_tokenizer():
    from eyecite.tokenizers import EXTRACTORS, Tokenizer, default_tokenizer

    planner = _Planner(EXTRACTORS, default_tokenizer)

    class _WindowedTokenizer(Tokenizer):
        """eyecite's AhocorasickTokenizer, with each extractor run on windows around its hits."""

        def extract_tokens(self, text):
            for e, windows in self.plan(text):
                rx = e.compiled_regex
                for a, b in windows:
                    for m in rx.finditer(text, a, b):
                        yield e.get_token(m)

        def plan(self, text):
            return planner.plan(text)

    return _WindowedTokenizer(extractors=list(EXTRACTORS))


class _Planner:
    """Which windows of a text each of eyecite's extractors runs on. What it needs of eyecite's
    tables (extractor order, prefilter automata, guards of the unfiltered extractors) is read
    once, when the tokenizer is built."""

    def __init__(self, extractors, default_tokenizer) -> None:
        self.order = {id(e): i for i, e in enumerate(extractors)}
        self.longest = max((len(s) for e in extractors for s in e.strings), default=1)
        self.cs_filter = default_tokenizer.case_sensitive_filter
        self.ci_filter = default_tokenizer.case_insensitive_filter
        # Per automaton value (the extractors of one prefilter string): the string's length, and
        # the extractors whose matches need not start with "<digits> <the string>".
        self.info: dict[int, tuple[int, list]] = {}
        for auto in (self.cs_filter, self.ci_filter):
            for key, found in auto.items():
                self.info[id(found)] = (len(key), [e for e in found if not _volume_first(e)])
        self.unfiltered = default_tokenizer.unfiltered_extractors
        self.guards = {id(e): _guard(e.regex) for e in self.unfiltered}

    def plan(self, text):
        """[(extractor, windows)] in eyecite's extractor order."""
        flat = _FLAT.fullmatch(text) is not None  # single spaces only (find_citations' input)
        plan = self._prefiltered(text, flat) + self._guarded(text, flat)
        plan.sort(key=lambda x: self.order[id(x[0])])
        return plan

    def _prefiltered(self, text: str, flat: bool) -> list:
        """Extractors with prefilter strings, each on windows around its strings' hits."""
        before, stripped = _without_spaces(text, flat)
        spans: dict[int, list[tuple[int, int]]] = {}
        by_id = {}
        for extractors, hit_ends in self._hits(stripped):
            # a hit's string ends at ``end`` (stripped coordinates) and is at most
            # ``longest`` characters long; a match reaches < _PAD characters beyond it
            merged = _merge(hit_ends, self.longest + _PAD, _PAD)
            for e in extractors:
                by_id[id(e)] = e
                spans.setdefault(id(e), []).extend(merged)
        plan = []
        for k, kspans in spans.items():
            if len(kspans) > 1:
                kspans = _merge_spans(kspans)
            kspans = [(a + bisect_right(before, a - 1) if a else 0,
                       b + bisect_right(before, b)) for a, b in kspans]
            plan.append((by_id[k], _widen(text, kspans, len(text), flat)))
        return plan

    def _hits(self, stripped: str):
        """(extractors, hit ends) grouped by the automaton's value (one shared extractor list
        per string); a hit not preceded by a digit cannot start the reporter of a "volume
        reporter" regex, so it runs only the value's other extractors."""
        ends_by_value: dict[tuple[int, bool], tuple[list, list[int]]] = {}
        for auto, hay in ((self.cs_filter, stripped), (self.ci_filter, stripped.lower())):
            for end, extractors in auto.iter(hay):
                klen, rest = self.info[id(extractors)]
                i = end - klen
                vol = i >= 0 and hay[i].isdigit()
                slot = ends_by_value.get((id(extractors), vol))
                if slot is None:
                    ends_by_value[(id(extractors), vol)] = (extractors if vol else rest, [end])
                else:
                    slot[1].append(end)
        return ends_by_value.values()

    def _guarded(self, text: str, flat: bool) -> list:
        """Extractors without prefilter strings: on windows around their guard's matches, or on
        the whole text when they have no guard."""
        n = len(text)
        plan = []
        for e in self.unfiltered:
            g = self.guards.get(id(e))
            if g is None:
                plan.append((e, [(0, n)]))
                continue
            starts = [m.start() for m in g.finditer(text)]
            if starts:
                plan.append((e, _widen(text, _merge(starts, _GUARD_PAD, _GUARD_PAD), n, flat)))
        return plan


def _without_spaces(text: str, flat: bool) -> tuple[list[int], str]:
    """The text without whitespace (the prefilter automata run on it) and, for each whitespace
    character, how many non-space characters precede it (to map positions back)."""
    if flat:  # non-space characters before each space, at C speed
        return list(accumulate(map(len, text.split(" "))))[:-1], text.replace(" ", "")
    return [p - k for k, p in enumerate(m.start() for m in _WS.finditer(text))], _WS.sub("", text)


def _guard(rx: str) -> re.Pattern | None:
    """For an extractor without prefilter strings, a regex that every one of its matches
    contains (read off the pattern); None (run on the whole text) for anything not recognised."""
    if rx == r"(\n)":
        return re.compile(r"\n")
    if rx.startswith(r"([_—–-]+\s"):
        return None  # placeholder "___ U.S. ___": unbounded length, cheap leading class
    if r"S\.?-? ?(?:W|w)" in rx:
        return re.compile(r"S\.?-? ?[Ww]")
    if (m := re.search(r"\(\?P<reporter>((?:[A-Z][a-z]*\\\.)+) ", rx)):
        return re.compile(m.group(1) + " ")  # "Cal\. ", "N\.Y\. ", "Tex\. "
    return None


# "(?:^|[^a-zA-Z0-9])((?P<volume>V) (?P<reporter>": V always ends with a digit.
_VOLUME_FIRST = re.compile(r"\(\?:\^\|\[\^a-zA-Z0-9\]\)\(\(\?P<volume>(?P<v>[^ ]*?)\) \(\?P<reporter>")
_DIGIT_END_VOLUMES = {r"[1-9]\d*", r"1[789]\d{2}|20\d{2}", r"\d{1,3}", r"(19|20)\d{2}",
                      r"\d{1,4}(?:-\d+)?", "25", "33"}


def _volume_first(e) -> bool:
    """Does every match of this extractor start with a volume of digits, one space and the
    reporter (one of the extractor's prefilter strings)?"""
    m = _VOLUME_FIRST.match(e.regex)
    return bool(m and e.strings and m.group("v") in _DIGIT_END_VOLUMES)


def _merge(points: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """[point - before, point + after] intervals, merged (points in any order)."""
    points.sort()
    out: list[list[int]] = []
    for p in points:
        a, b = p - before, p + after
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([max(0, a), b])
    return [(a, b) for a, b in out]


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _widen(text: str, spans, n: int, flat: bool = False) -> list[tuple[int, int]]:
    """Windows widened to whitespace on both sides (no word, number or underscore run is
    cut; the whitespace before the first word is kept), clipped and merged."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        a, b = max(0, min(a, n)), min(b, n)
        if flat:
            a = max(0, text.rfind(" ", 0, a))
            b = text.find(" ", b)
            b = n if b < 0 else b + 1
        else:
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            a = max(0, a - 1)
            m = _WS.search(text, b)
            b = m.end() if m else n
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def tokenizer():
    """The shared windowed tokenizer (built once per process; eyecite patched once)."""
    tok = _STATE.get("tokenizer")
    if tok is None:
        logging.getLogger("eyecite").setLevel(logging.ERROR)  # "Unknown overlap case" chatter
        import eyecite.helpers

        if not getattr(eyecite.helpers.get_court_by_paren, "_archive_fast", False):
            fast = _fast_court_by_paren()
            fast._archive_fast = True
            eyecite.helpers.get_court_by_paren = fast
        import eyecite.find

        if not getattr(eyecite.find.extract_reference_citations, "_archive_scoped", False):
            eyecite.find.extract_reference_citations = _scoped_references(
                eyecite.find.extract_reference_citations)
        from eyecite.models import FullCaseCitation

        if not getattr(FullCaseCitation.add_metadata, "_archive_scoped", False):
            FullCaseCitation.add_metadata = _scoped_case_metadata(FullCaseCitation.add_metadata)
        tok = _STATE["tokenizer"] = _make_tokenizer()
    return tok


def _scoped_case_metadata(original):
    """A full case citation's metadata: inside ``find_citations`` only what the count needs —
    the text after the cite (pin cite, year, which pick the reporter's edition) — not the case
    name, the text before it or the court, which eyecite reads by rescanning nearby words."""
    def add_metadata(self, document):
        if not getattr(_SKIP_REFERENCES, "on", False):
            return original(self, document)
        from eyecite.helpers import add_post_citation

        add_post_citation(self, document.words)
        self.guess_edition()

    add_metadata._archive_scoped = True
    return add_metadata


def _scoped_references(original):
    """eyecite's reference citations ("Smith, 509 U.S. at 5" found by party name after a full
    citation) rescan the rest of the document once per full citation; they are not counted
    here, and eyecite never drops another citation in favour of one, so ``find_citations``
    skips them (only inside its own calls, on its own thread)."""
    def extract_reference_citations(citation, document):
        if getattr(_SKIP_REFERENCES, "on", False):
            return []
        return original(citation, document)

    extract_reference_citations._archive_scoped = True
    return extract_reference_citations


# --------------------------------------------------------------------------- counting
def _count(found) -> list[Citation]:
    from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation

    counts: Counter = Counter()
    kinds: dict[str, str] = {}
    order: dict[str, int] = {}
    full_by_volume: dict[tuple[str, str], str] = {}
    shorts: list[tuple[str, str]] = []
    for c in found:
        if isinstance(c, FullCaseCitation):
            cite = c.corrected_citation()
            kind = "case"
            vol, rep = c.groups.get("volume"), c.corrected_reporter()
            full_by_volume.setdefault((vol, rep), cite)
        elif isinstance(c, ShortCaseCitation):
            shorts.append((c.groups.get("volume"), c.corrected_reporter()))
            continue
        elif isinstance(c, FullLawCitation):
            cite = _law_cite(c)
            kind = "statute"
            if not cite:
                continue
        else:
            continue
        cite = re.sub(r"\s+", " ", cite).strip()
        counts[cite] += 1
        kinds.setdefault(cite, kind)
        order.setdefault(cite, len(order))
    for key in shorts:
        cite = full_by_volume.get(key)
        if cite:
            counts[cite] += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], order[k]))
    return [Citation(cite=k, kind=kinds[k], count=counts[k]) for k in ranked]


def _flat(text: str, max_chars: int) -> str:
    """One line of text (citations often wrap across lines), without pleading paper's line
    numbers, which would otherwise join a citation ("8 U.S.C.\n3 § 1427") or glue onto one."""
    return " ".join(strip_pleading_numbers(text[:max_chars]).split())


def find_citations(text: str, max_chars: int = 400_000) -> list[Citation]:
    """Case and statute citations with counts, most frequent first."""
    if not text or not text.strip():
        return []
    tok = tokenizer()
    from eyecite import get_citations

    _SKIP_REFERENCES.on = True
    try:
        return _count(get_citations(_flat(text, max_chars), tokenizer=tok))
    finally:
        _SKIP_REFERENCES.on = False


def find_citations_plain(text: str, max_chars: int = 400_000) -> list[Citation]:
    """The same with eyecite's Aho-Corasick tokenizer over the whole text, reference citations
    included (the reference the tests compare ``find_citations`` with; slow). Its extractors
    run in eyecite's list order: the stock tokenizer runs them in set order, which varies with
    the process's hash seed and decides ties such as "N.Y. Tax Law § 601" vs "N.Y. § 601"."""
    if not text or not text.strip():
        return []
    tokenizer()  # same eyecite patches (the court lookup gives identical results)
    from eyecite import get_citations

    return _count(get_citations(_flat(text, max_chars), tokenizer=_ordered_tokenizer()))


def _ordered_tokenizer():
    tok = _STATE.get("ordered")
    if tok is None:
        from eyecite.tokenizers import EXTRACTORS, AhocorasickTokenizer

        order = {id(e): i for i, e in enumerate(EXTRACTORS)}

        class _Ordered(AhocorasickTokenizer):
            def get_extractors(self, text):
                return sorted(super().get_extractors(text), key=lambda e: order[id(e)])

        tok = _STATE["ordered"] = _Ordered()
    return tok
