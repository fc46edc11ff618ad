"""OCR settings from the environment (read when a filing is processed, never at import).

    OCR_ENGINE          textract | local | off (default off; .chalice/config.json sets textract
                        per stage, `make serve` sets local)
    OCR_MAX_PAGES       at most this many pages of one filing are OCR'd (default 60)
    OCR_METADATA_PAGES  first pages read during extraction, with the last page (default 2)
    OCR_DPI             rendering resolution (default 150)
    OCR_BUDGET_S        OCR seconds during extraction (default 25: the child has 45 s in all)
    OCR_PAGE_SECONDS    what one page is expected to take, to size follow-up batches (default
                        4 for local, 2 for textract)
"""
from __future__ import annotations

import os

from chalicelib.extract.ocr import OcrConfig

__all__ = ["ocr_config", "page_seconds", "ENGINE_NAMES"]

ENGINE_NAMES = ("textract", "local", "off")


def ocr_config(env: dict[str, str] | None = None) -> OcrConfig:
    env = os.environ if env is None else env
    engine = (env.get("OCR_ENGINE") or "off").strip().lower()
    if engine not in ENGINE_NAMES:
        raise ValueError(f"OCR_ENGINE={engine!r}: use one of {', '.join(ENGINE_NAMES)}")
    return OcrConfig(
        engine=engine,
        dpi=int(env.get("OCR_DPI") or 150),
        metadata_pages=int(env.get("OCR_METADATA_PAGES") or 2),
        max_pages=int(env.get("OCR_MAX_PAGES") or 60),
        budget_s=float(env.get("OCR_BUDGET_S") or 25),
    )


def page_seconds(config: OcrConfig, env: dict[str, str] | None = None) -> float:
    env = os.environ if env is None else env
    if env.get("OCR_PAGE_SECONDS"):
        return float(env["OCR_PAGE_SECONDS"])
    return 2.0 if config.engine == "textract" else 4.0
