"""The Textract engine against moto: the call it makes (one DetectDocumentText per page, a PNG
of the rendered page) and the parsing of Textract's Block structures, line order included."""
import struct
import zlib

import pytest

from chalicelib.extract.ocr import OcrConfig, PageImage
from chalicelib.extract.ocr.render import to_png
from chalicelib.extract.ocr.textract_blocks import lines_from_blocks


def line(id_, text, top, left, conf=99.0):
    return {"BlockType": "LINE", "Id": id_, "Text": text, "Confidence": conf,
            "Geometry": {"BoundingBox": {"Top": top, "Left": left, "Width": 0.3, "Height": 0.02}},
            "Relationships": [{"Type": "CHILD", "Ids": [f"{id_}-w"]}]}


def word(id_, text):
    return {"BlockType": "WORD", "Id": id_, "Text": text, "Confidence": 98.0}


# Textract's reading order keeps a caption's columns together: the left column (parties) first,
# then the right one (case number), though the case number's line is higher on the page.
CAPTION_BLOCKS = [
    {"BlockType": "PAGE", "Id": "p", "Relationships": [{"Type": "CHILD", "Ids": ["a", "b", "c", "d"]}]},
    line("a", "UNITED STATES DISTRICT COURT", 0.05, 0.30),
    line("b", "WHATSAPP INC., et al.,", 0.20, 0.10, 96.5),
    line("c", "Plaintiffs,", 0.23, 0.15),
    line("d", "Case No. 4:19-cv-07123-PJH", 0.19, 0.60, 90.0),
    word("a-w", "UNITED"), word("b-w", "WHATSAPP"), word("c-w", "Plaintiffs,"), word("d-w", "Case"),
]


def test_lines_follow_the_page_blocks_reading_order_and_confidence_is_a_fraction():
    lines = lines_from_blocks(CAPTION_BLOCKS)
    assert [ln.text for ln in lines] == ["UNITED STATES DISTRICT COURT", "WHATSAPP INC., et al.,",
                                         "Plaintiffs,", "Case No. 4:19-cv-07123-PJH"]
    assert [ln.confidence for ln in lines] == [0.99, 0.965, 0.99, 0.9]


def test_without_a_reading_order_lines_are_ordered_by_rows_then_left_to_right():
    blocks = [b for b in CAPTION_BLOCKS if b["BlockType"] != "PAGE"]
    blocks.reverse()
    assert [ln.text for ln in lines_from_blocks(blocks)] == [
        "UNITED STATES DISTRICT COURT", "Case No. 4:19-cv-07123-PJH", "WHATSAPP INC., et al.,",
        "Plaintiffs,"]  # 0.19 and 0.20 are one row: left to right


def test_empty_and_wordless_answers():
    assert lines_from_blocks([]) == []
    assert lines_from_blocks([{"BlockType": "PAGE", "Id": "p"}, line("x", "  ", 0.1, 0.1)]) == []


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", None
    while pos < len(png):
        (n,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        body = png[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])[0]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    return size[0], size[1], zlib.decompress(idat)


def test_the_engine_sends_each_page_as_a_png_and_parses_the_answer(aws):
    from moto.textract.models import TextractBackend

    from chalicelib.adapters import aws as clients
    from chalicelib.adapters.textract import TextractEngine

    calls = []
    clients.client("textract").meta.events.register(
        "provide-client-params.textract.DetectDocumentText", lambda params, **_: calls.append(params))
    image = PageImage(page=1, width=3, height=2, stride=4, pixels=bytes([0, 50, 100, 9, 150, 200, 250, 9]), dpi=150)
    saved = TextractBackend.BLOCKS
    TextractBackend.BLOCKS = CAPTION_BLOCKS
    try:
        lines = TextractEngine(OcrConfig(engine="textract")).read(image)
    finally:
        TextractBackend.BLOCKS = saved
    assert [ln.text for ln in lines][0] == "UNITED STATES DISTRICT COURT" and len(lines) == 4
    assert len(calls) == 1
    w, h, rows = _png_pixels(calls[0]["Document"]["Bytes"])
    assert (w, h) == (3, 2)
    assert rows == bytes([0, 0, 50, 100, 0, 150, 200, 250])  # stride padding dropped, filter 0


def test_png_of_a_rendered_page_round_trips():
    image = PageImage(page=2, width=2, height=1, stride=2, pixels=b"\x00\xff", dpi=72)
    assert _png_pixels(to_png(image)) == (2, 1, b"\x00\x00\xff")


def test_unknown_engines_are_refused():
    from chalicelib.extract.ocr import engine_for

    with pytest.raises(ValueError, match="unknown OCR engine"):
        engine_for(OcrConfig(engine="tesseract"))
