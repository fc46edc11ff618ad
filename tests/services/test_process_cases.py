"""The worker's case resolution end to end: nothing is ever left without a case."""
from __future__ import annotations

import hashlib
import io

from chalicelib.domain import cases as case_rules
from tests.conftest import FIXTURES
from tests.support.harness import read


def image_only_pdf() -> bytes:
    """One page that is a picture and nothing else: no text layer, no stamp, no caption."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(picture)
    for y in range(100, 1000, 40):
        draw.rectangle([80, y, 770, y + 12], fill="gray")
    buf = io.BytesIO()
    picture.save(buf, format="PNG")
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=612, h=792)
    return bytes(pdf.output())


def test_a_filing_without_docket_number_or_court_joins_a_case_of_its_own(archive):
    data = image_only_pdf()
    got = archive.ingest(data)
    assert got["status"] == "ready" and got["docket_number"] is None and got["court_id"] is None
    expected = case_rules.standalone_case_id(None, hashlib.sha256(data).hexdigest())
    assert got["case_id"] == expected
    assert any("case of its own" in w for w in got["warnings"]), got["warnings"]
    assert not any("not attached" in w for w in got["warnings"])
    case = archive.get(f"/cases/{expected}", key="read")
    assert case.status_code == 200, case.json
    assert case.json["filing_count"] == 1 and case.json["provisional"] is True
    docket = archive.get(f"/cases/{expected}/filings", key="read").json["results"]
    assert [f["id"] for f in docket] == [got["id"]]


def test_the_case_shows_its_current_docket_number_after_a_reassignment(archive):
    archive.ingest(read(FIXTURES / "pdfs" / "syn14.pdf"))  # 4:19-cv-07123-PJH, filed 2024
    archive.ingest(read(FIXTURES / "pdfs" / "syn01.pdf"))  # 3:19-cv-07123, filed 2019, arrives later
    case = archive.get("/cases/cand-19-cv-07123", key="read").json
    assert case["docket_number"] == "4:19-cv-07123-PJH"
    assert "3:19-cv-07123" in case["docket_number_variants"]
    assert case["provisional"] is False  # two filings agree on court, number and name
