"""The OCR port: page images in, lines of text with a confidence out.

Two engines implement it (``local``: RapidOCR's PP-OCR models, bundled in the wheel, for the
embedded archive and tests; ``textract``: Amazon Textract's DetectDocumentText on the AWS
worker) and ``off`` reads nothing. Which one runs is ``OCR_ENGINE`` (``chalicelib.extract.ocr
.settings``). Everything here is plain data that pickles, because OCR runs inside the bounded
extraction child (``chalicelib.extract.sandbox``): rendering and recognising a hostile page is
exactly what can blow up, so it must be killable with the rest of the extraction.
"""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["OcrConfig", "OcrLine", "OcrPage", "OcrEngine", "PageImage", "engine_for", "ENGINES"]

# name -> "module:factory"; a factory takes the OcrConfig and returns an OcrEngine
ENGINES = {
    "local": "chalicelib.extract.ocr.local:RapidOcrEngine",
    "textract": "chalicelib.adapters.textract:TextractEngine",
}


@dataclass(frozen=True)
class OcrConfig:
    """What to OCR and how (built by ``settings.ocr_config()`` in the worker, pickled to the child).

    ``engine``: ``local`` | ``textract`` | ``off``, or ``"module:factory"`` (tests plug a fake
    engine in this way). ``metadata_pages``: the first pages read at once (the caption, court,
    title); the last page (signature, judge) is read with them. ``max_pages``: at most this many
    pages of one filing are ever OCR'd. ``budget_s``: OCR seconds one extraction may spend on
    the metadata pages; the rest of a scan is read by follow-up work.
    """

    engine: str = "off"
    dpi: int = 150
    metadata_pages: int = 2
    max_pages: int = 60
    budget_s: float = 25.0
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.engine not in ("", "off")

    @property
    def source(self) -> str:
        """What a page read by this engine records as its text's source."""
        name = self.engine.rsplit(":", 1)[-1].lower() if ":" in self.engine else self.engine
        return f"ocr:{name}"


@dataclass(frozen=True)
class PageImage:
    """One rendered page: 8-bit grayscale pixels, row-major, ``stride`` bytes a row."""

    page: int  # 1-based
    width: int
    height: int
    stride: int
    pixels: bytes
    dpi: int


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # 0..1
    top: float = 0.0  # page fraction, for reading order
    left: float = 0.0


@dataclass(frozen=True)
class OcrPage:
    page: int
    lines: tuple[OcrLine, ...]
    engine: str  # the source a page read this way records ("ocr:local")

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float | None:
        """Mean line confidence, weighted by characters (None when nothing was read)."""
        total = sum(len(ln.text) for ln in self.lines)
        if not total:
            return None
        return round(sum(ln.confidence * len(ln.text) for ln in self.lines) / total, 4)


class OcrEngine(Protocol):
    def read(self, image: PageImage) -> list[OcrLine]:
        """The lines on the page, in reading order (top to bottom, left to right)."""


_engines: dict[tuple[str, str], OcrEngine] = {}
_lock = threading.Lock()


def engine_for(config: OcrConfig) -> OcrEngine:
    """The engine `config` names, created once per process (models load in ~1 s)."""
    spec = ENGINES.get(config.engine, config.engine)
    if ":" not in spec:
        raise ValueError(f"unknown OCR engine {config.engine!r} (use local, textract or off)")
    key = (spec, repr(sorted(config.options.items())))
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            module, _, name = spec.partition(":")
            engine = _engines[key] = getattr(importlib.import_module(module), name)(config)
        return engine
