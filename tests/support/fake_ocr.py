"""A fake OCR engine for tests: it "reads" the text a test gave it for each page.

Plugged in as ``OcrConfig(engine="tests.support.fake_ocr:FakeOcr", options={...})`` (the
config pickles into the sandboxed child, which imports this module by name). Options:

* ``pages``: {"<page>": "line\\nline"}; other pages read ``default`` (or nothing).
* ``confidence``: every line's confidence (0.9).
* ``crash_on``: a page number whose reading raises ``RuntimeError`` (a crash mid-OCR).
* ``log``: a file path; every page read is appended to it (so a test can count the reads).
"""
from __future__ import annotations

from chalicelib.extract.ocr import OcrConfig, OcrLine, PageImage

SPEC = "tests.support.fake_ocr:FakeOcr"


class FakeOcr:
    def __init__(self, config: OcrConfig):
        self.options = config.options

    def read(self, image: PageImage) -> list[OcrLine]:
        assert image.width > 0 and image.height > 0 and len(image.pixels) >= image.stride * image.height
        if self.options.get("log"):
            with open(self.options["log"], "a") as log:
                log.write(f"{image.page}\n")
        if image.page == self.options.get("crash_on"):
            raise RuntimeError(f"engine crashed on page {image.page}")
        text = self.options.get("pages", {}).get(str(image.page), self.options.get("default", "")).replace("{}", str(image.page))
        confidence = float(self.options.get("confidence", 0.9))
        return [OcrLine(text=line, confidence=confidence, top=i / 100)
                for i, line in enumerate(text.splitlines()) if line.strip()]


def config(**options) -> OcrConfig:
    settings = {k: options.pop(k) for k in ("metadata_pages", "max_pages", "budget_s", "dpi")
                if k in options}
    return OcrConfig(engine=SPEC, options=options, **{"dpi": 50, **settings})


class OtherFakeOcr(FakeOcr):
    """The same fake under another name: a change of engine."""
