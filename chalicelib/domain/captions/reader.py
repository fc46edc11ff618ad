"""Reading a caption: every field the first pages print about the case, in one ``Caption``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from chalicelib.domain import courts as _courts
from chalicelib.domain.court_mentions import courts_in_text
from chalicelib.domain.captions.case_names import find_case_name
from chalicelib.domain.captions.dates import find_printed_dates
from chalicelib.domain.captions.judges import find_judge
from chalicelib.domain.captions.lines import clean_lines
from chalicelib.domain.captions.titles import find_title
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.stamps import court_for_system

__all__ = ["Caption", "read_caption", "find_court", "find_labelled_docket", "is_exhibit_cover",
           "judge_matches_docket"]


@dataclass(frozen=True)
class Caption:
    court_id: str | None = None
    court_name: str | None = None
    court_source: str | None = None
    parties: tuple[tuple[str, str | None], ...] = ()
    case_name: str | None = None
    title: str | None = None
    judge: str | None = None
    judge_source: str | None = None
    docket_number: str | None = None          # labelled number printed in the caption
    date_filed: date | None = None
    date_source: str | None = None
    document_date: date | None = None
    self_citation: str | None = None
    exhibit_cover: bool = False


# Words just before a court's name that make it another court than the document's: the court
# appealed from, a visiting judge's own court (an opinion's first footnote), a removal.
_LOWER_COURT = re.compile(
    r"(?:\bappeals?\s+from|\bhonorable\b|\bjudge\b|\bsitting\s+by\s+designation|"
    r"\bpetition\s+for\s+review|\bremoved\s+from|\btransferred\s+from|\bcertified\s+question)"
    r"(?:(?!\.\s*\n)[^;]){0,90}$", re.I)


# The court's name is on a footnote's line: it starts with a footnote mark ("*", "**", "†")
# ("* The district court, United States District Court for ..."). Not a digit: pleading
# paper's line numbers start caption lines too.
_FOOTNOTE_LINE = re.compile(r"(?:^|\n)[ \t]*[*†‡]+[^\n]*$")


def find_court(pages: list[str], stamp_system: str | None = None,
               exhibit_cover: bool = False) -> tuple[str | None, str | None, str | None]:
    """(court_id, printed name, source). The stamp format decides for appellate systems; a
    caption court must fit the stamp (a district stamp never yields an appellate court)."""
    cid = court_for_system(stamp_system)
    if cid:
        return cid, None, "stamp"
    if exhibit_cover:
        return None, None, None  # the pages after an exhibit cover belong to another filing
    allowed = {"district": {"district", "other"}, "bankruptcy": {"bankruptcy", "district"},
               "appellate": {"appellate"}}.get(stamp_system or "")
    for text in pages[:2]:
        head = text[:6000]
        mentions = courts_in_text(head)
        appellate = any(m.level == "appellate" for m in mentions)
        for m in mentions:
            if allowed and m.level not in allowed:
                continue
            if appellate and m.level != "appellate" and (_LOWER_COURT.search(
                    head[max(0, m.start - 100):m.start]) or _FOOTNOTE_LINE.search(head[:m.start])):
                # an appellate opinion's "Appeal from the ... District Court", a visiting
                # judge's or the court below's footnote; a letter to a district judge names
                # its own court
                continue
            court_id = m.court_id
            if stamp_system == "bankruptcy" and m.level == "district":
                guess = court_id[:-1] + "b"
                if not _courts.is_bankruptcy_court(guess):
                    continue
                court_id = guess
            return court_id, " ".join(m.printed.split()), "caption"
    return None, None, None



_LABELLED_DOCKET = re.compile(
    r"(?:\b(?:case|docket|appeal|civil\s+action|criminal|cause|file)\s*(?:nos?\.?|number|#)|"
    r"(?<![A-Za-z])(?<!Bar )(?<!Security )Nos?\.)\s*:?\s*(?P<num>[A-Z]{0,5}[\s-]?\d[\w\-–:]*(?:[ -](?:[A-Z]{1,4})\b(?!\.))?"
    r"(?:\s\([A-Z]{1,4}x?\))?)", re.I)
_NEUTRAL_CITE = re.compile(r"^\s*(?P<c>\d{4}-[A-Z]{2,8}-\d{1,5}|T\.C\.\s+(?:Memo|Summary\s+Opinion)"
                           r"\.\s+\d{4}-\d{1,4}|\d{4}\s+(?:IL|ME|ND|OK|SD|UT|VT|WI|WY|MT|NM|"
                           r"Ark\.|Ohio)\s+(?:App\s+)?\d{1,6})\s*$", re.M)


# A number labelled as another court's: "D. C. Docket No.", "District Court No.", "BAP No.",
# "Agency No.", "Lower Court Case No.", "Bankruptcy No.", "Adv. Pro. No.", "Trial Court No.".
_LOWER_DOCKET = re.compile(
    r"(?:\bd\.\s?c\.|\bdistrict\s+court|\bbap|\bagency|\blower\s+court|\btrial\s+court|"
    r"\bbankruptcy|\bbankr\.|\badv(?:ersary)?\.?(?:\s+pro(?:c|ceeding)?\.?)?|\bsuperior\s+court|"
    r"\btax\s+court|\bboard|\b(?:tax|super|dist|bankr|cir|cnty)\.?\s*ct\.|\busdc|\bb\.\s?a\.\s?p\.)"
    r"\s*(?:case\s+|docket\s+|court\s+)?$", re.I)
_DISTRICT_FORM = re.compile(r"\d{2}[-–](?:cv|cr|mc|mj|md|bk|ap|civ|crim)[-–]?\d", re.I)


def find_labelled_docket(pages: list[str], appellate: bool = False) -> str | None:
    """First docket number printed after a "No." / "Case No." / "Docket No." label. Not a
    number labelled as the lower court's ("D. C. Docket No.") and, in an appellate court's
    document, not a district-form number ("3:19-cv-07123") while an appeal number is printed."""
    found: list[str] = []
    for text in pages[:2]:
        for m in _LABELLED_DOCKET.finditer(text[:5000]):
            num = m.group("num").strip(" .,;")
            if not re.search(r"\d", num) or len(num) < 4:
                continue
            if _LOWER_DOCKET.search(text[max(0, m.start() - 30):m.start()]):
                continue
            if not appellate:
                return num
            found.append(num)
    if not found:
        return None
    return next((n for n in found if not _DISTRICT_FORM.search(n)), found[0])



# --------------------------------------------------------------------------- all together
_EXHIBIT_COVER = re.compile(r"^\s*(?:exhibit|attachment|appendix)\s+[\w.\-]{1,6}\s*$", re.I)


def is_exhibit_cover(first_lines: list[str]) -> bool:
    """A cover sheet ("EXHIBIT A" and little else): the pages after it are another filing."""
    return bool(first_lines) and len(first_lines) <= 4 and any(
        _EXHIBIT_COVER.match(x) for x in first_lines)


def judge_matches_docket(name: str, docket: str | None) -> bool:
    """The judge's initials are the docket number's suffix ("Beth Labson Freeman" and
    "5:17-cv-04467-BLF"; "Anthony W. Ishii" and "1:18-cv-00127 AWI (EPG)")."""
    parsed = parse_docket_number(docket) if docket else None
    if not parsed or not parsed.judges:
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", name.split(",")[0])
             if w.lower() not in {"jr", "sr", "ii", "iii", "hon", "judge"}]
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words).upper()
    return any(j == initials or (len(j) == 2 and j == initials[0] + initials[-1])
               for j in parsed.judges)


_HEAD_PAGES = 6  # find_case_name reads up to 6 pages; the rest fewer
_TAIL_PAGES = 3  # find_judge and find_printed_dates read the last 3


def _first_n(indices, keep, n: int) -> list[int]:
    out = []
    for i in indices:
        if keep(i):
            out.append(i)
            if len(out) == n:
                break
    return out


@lru_cache(maxsize=256)
def _stamp_pattern(stamp: str) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(tok) for tok in stamp.split()))


def read_caption(pages: list[str], stamp_system: str | None = None,
                 stamp_texts: tuple[str, ...] = (),
                 court: tuple[str | None, str | None, str | None] | None = None,
                 docket: str | None = None) -> Caption:
    """Everything the first pages print about the case. ``pages`` hold the text per page;
    ``stamp_texts`` (the stamps found) are removed before reading; ``court`` passes a court
    already resolved by the caller (otherwise ``find_court`` runs here)."""
    # the stamp may wrap: long ones are also removed token-wise (patterns compiled once)
    wrapped = {s: _stamp_pattern(s) for s in stamp_texts if len(s) > 20}

    def unstamp(t: str) -> str:
        flat = t
        for s in stamp_texts:
            if s in flat:
                flat = flat.replace(s, " ")
            elif s in wrapped:
                flat = wrapped[s].sub(" ", flat)
        return flat

    # Only the first _HEAD_PAGES and last _TAIL_PAGES pages with text are read (captions,
    # titles, signatures, dates): unstamp just those, lazily, not the whole document.
    memo: dict[int, str] = {}

    def text_of(i: int) -> str:
        if i not in memo:
            memo[i] = unstamp(pages[i])
        return memo[i]

    def has_text(i: int) -> bool:
        return len(re.sub(r"[\W_]", "", text_of(i))) >= 25

    head = [i for i in _first_n(range(len(pages)), has_text, _HEAD_PAGES)]
    tail = [i for i in _first_n(range(len(pages) - 1, -1, -1), has_text, _TAIL_PAGES)]
    nonempty = sorted(set(head) | set(tail))
    first_lines = clean_lines(text_of(0)) if pages else []
    exhibit_cover = is_exhibit_cover(first_lines)
    body = [text_of(i) for i in nonempty] or [text_of(i) for i in range(len(pages))]
    if court is None:
        court = find_court(body, stamp_system, exhibit_cover)
    court_id, court_printed, court_source = court
    title: str | None
    parties: list[tuple[str, str | None]]
    judge_src: str | None
    if exhibit_cover:
        title = next(x for x in first_lines if _EXHIBIT_COVER.match(x))
        case_name, parties, judge, judge_src = None, [], None, None
        # the filing an exhibit embeds is another case's, unless its judge is this case's
        # (initials on the stamped docket): then its court and judge are this filing's too
        inner, inner_src = find_judge(body)
        if inner and judge_matches_docket(inner, docket):
            judge, judge_src = inner, f"exhibit {inner_src}"
            if court_id is None:
                court_id, court_printed, court_source = find_court(body, stamp_system)
                court_source = court_source and "exhibit caption"
    else:
        case_name, parties = find_case_name(body, docket)
        title = find_title(body, skip={p for p, _ in parties})
        judge, judge_src = find_judge(body)
    filed, filed_src, doc_date = find_printed_dates(body)
    m = _NEUTRAL_CITE.search(body[0][:1500]) if body else None
    return Caption(court_id=court_id, court_name=court_printed, court_source=court_source,
                   parties=tuple(parties), case_name=case_name, title=title, judge=judge,
                   judge_source=judge_src, docket_number=find_labelled_docket(
                       body, appellate=_courts.court_level(court_id) == "appellate"),
                   date_filed=filed, date_source=filed_src, document_date=doc_date,
                   self_citation=" ".join(m.group("c").split()) if m else None,
                   exhibit_cover=exhibit_cover)
