"""OCR of a filing's pages inside the extraction child: which pages, in what order, and how a
page's OCR text is joined with what its text layer got right.

Order: the pages that carry the metadata (the first ``metadata_pages`` and the last page, where
the signature and the judge are) are read during extraction, so the filing is `ready` with its
court, caption, title and type as soon as they are; the rest wait for follow-up work
(``services.ocr_followup``), as do metadata pages the time budget did not reach. At most
``max_pages`` pages of a filing are ever read (metadata pages first); the others are `capped`.

Joining: a text layer's CM/ECF stamp is exact where OCR misreads it ("Dooent 467Filed08/01/19"),
so a page that had a stamp keeps it and loses the OCR lines that are that stamp's image; the OCR
text replaces the rest (furniture, or the garbage a broken font decodes to).
"""
from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from chalicelib.domain.stamps import find_stamps
from chalicelib.extract.ocr import OcrConfig, OcrPage, engine_for
from chalicelib.extract.ocr.render import render_pages
from chalicelib.extract.ocr.selection import judge_page
from chalicelib.extract.pdf_text import read_pdf_text

__all__ = ["Plan", "plan_pages", "join_page", "read_pages", "OcrOutcome"]

_ALNUM = re.compile(r"[^a-z0-9]+")
_STAMP_LIKE = 0.6  # OCR lines this similar to the text layer's stamp are the stamp's image


@dataclass(frozen=True)
class Plan:
    now: list[int]  # read during extraction (metadata pages)
    later: list[int]  # read by follow-up work
    capped: list[int]  # never read: past the per-filing cap


def plan_pages(wanted: Sequence[int], page_count: int, config: OcrConfig) -> Plan:
    """Split the pages that need OCR into now / later / capped (1-based, ascending)."""
    metadata = set(range(1, config.metadata_pages + 1)) | {page_count}
    ordered = sorted(wanted, key=lambda p: (p not in metadata, p))
    kept, capped = ordered[:config.max_pages], ordered[config.max_pages:]
    now = sorted(p for p in kept if p in metadata)
    later = sorted(p for p in kept if p not in metadata)
    return Plan(now=now, later=later, capped=sorted(capped))


def _key(text: str) -> str:
    return _ALNUM.sub("", text.lower())


def join_page(layer_text: str, stamp_texts: Sequence[str], ocr_text: str) -> str:
    """The page's text once OCR'd: its text-layer stamps, then the OCR lines that are not them."""
    stamps = [s for s in stamp_texts if s]
    if not stamps:
        return ocr_text
    keys = [_key(s) for s in stamps]

    def is_stamp(line: str) -> bool:
        k = _key(line)
        return len(k) >= 8 and any(
            difflib.SequenceMatcher(None, k, s).ratio() >= _STAMP_LIKE
            or (len(k) >= 16 and k in s) for s in keys)

    body = [ln for ln in ocr_text.splitlines() if ln.strip() and not is_stamp(ln)]
    return "\n".join([*stamps, *body])


@dataclass(frozen=True)
class OcrOutcome:
    pages: dict[int, OcrPage]  # page -> what OCR read on it
    unread: list[int]  # requested but not reached within the budget (or after an error)
    error: str | None = None  # the engine failed on the first unread page


def read_pages(data: bytes, pages: Sequence[int], config: OcrConfig,
               known: dict[int, OcrPage] | None = None,
               clock: Callable[[], float] = time.monotonic) -> OcrOutcome:
    """OCR `pages` of the PDF `data` (1-based) until `config.budget_s` is spent.

    `known`: pages already read by this same engine (a reprocess keeps them; Textract is paid
    per page). A page always completes once started; the budget is checked between pages, after
    the first (every call makes progress).
    """
    known = {p: k for p, k in (known or {}).items() if k.engine == config.source}
    done: dict[int, OcrPage] = {p: known[p] for p in pages if p in known}
    todo = [p for p in pages if p not in done]
    if not todo:
        return OcrOutcome(done, [])
    engine = engine_for(config)
    start = clock()
    images = render_pages(data, todo, config.dpi)
    error, fresh = None, 0
    try:
        for image in images:
            if fresh and clock() - start > config.budget_s:  # at least one page: progress
                break
            try:
                lines = engine.read(image)
            except Exception as exc:  # noqa: BLE001 - a service error, a bug: the rest waits
                error = f"page {image.page}: {type(exc).__name__}: {str(exc)[:200]}"
                break
            done[image.page] = OcrPage(page=image.page, lines=tuple(lines), engine=config.source)
            fresh += 1
    finally:
        images.close()
    return OcrOutcome(done, [p for p in todo if p not in done], error)


@dataclass(frozen=True)
class PagesRead:
    """A filing's text per page once OCR has had its turn, and where each page's came from."""

    pages: list[str]
    sources: list[str]  # "pdf" | "ocr:<engine>"
    confidence: list[float | None]  # the OCR engine's mean confidence; None for text layers
    wanted: list[int]  # pages whose text layer is unusable (1-based)
    reasons: dict[int, str]  # page -> "empty" | "furniture" | "garbage"
    pending: list[int]  # wanted, to be read by follow-up work
    capped: list[int]  # wanted, past the cap: never read
    error: str | None = None  # the engine failed (its pages are pending)

    @property
    def ocr_read(self) -> list[int]:
        return [i + 1 for i, s in enumerate(self.sources) if s != "pdf"]


def apply_ocr(pages: list[str], stamp_texts: Sequence[Sequence[str]], read: dict[int, OcrPage],
              sources: list[str], confidence: list[float | None]) -> None:
    """Put what OCR read into `pages` (and its source and confidence), in place."""
    for number, page in read.items():
        i = number - 1
        pages[i] = join_page(pages[i], stamp_texts[i], page.text)
        sources[i] = page.engine
        confidence[i] = page.confidence


def text_with_ocr(data: bytes, layer: list[str], stamp_texts: list[list[str]],
                  config: OcrConfig | None, known: dict[int, OcrPage] | None = None,
                  clock: Callable[[], float] = time.monotonic) -> PagesRead:
    """Judge every page, OCR the metadata pages that need it, and plan the rest."""
    verdicts = [judge_page(text, stamps) for text, stamps in zip(layer, stamp_texts)]
    reasons = {i + 1: v.reason for i, v in enumerate(verdicts) if v.reason}
    wanted = sorted(reasons)
    pages, n = list(layer), len(layer)
    sources, confidence = ["pdf"] * n, [None] * n
    if not wanted or config is None or not config.enabled:
        return PagesRead(pages, sources, confidence, wanted, reasons, [], [])
    plan = plan_pages(wanted, n, config)
    outcome = read_pages(data, plan.now, config, known, clock)
    apply_ocr(pages, stamp_texts, outcome.pages, sources, confidence)
    return PagesRead(pages, sources, confidence, wanted, reasons,
                     sorted(plan.later + outcome.unread), plan.capped, outcome.error)


def read_more(data: bytes, *, pages: list[int], config: OcrConfig) -> dict:
    """Follow-up OCR (the sandbox target ``services.ocr_followup`` calls): `pages` read within
    the budget, each as {"text", "source", "confidence"}, and the pages left ``unread``."""
    layer = read_pdf_text(data).pages
    pages = [p for p in pages if 1 <= p <= len(layer)]
    outcome = read_pages(data, pages, config)
    out = {}
    for number, page in outcome.pages.items():
        stamps = [s.text for s in find_stamps(layer[number - 1], number - 1) if s.text]
        out[number] = {"text": join_page(layer[number - 1], stamps, page.text),
                       "source": page.engine, "confidence": page.confidence}
    return {"pages": out, "unread": outcome.unread, "error": outcome.error}
