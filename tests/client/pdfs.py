"""Small, distinct, real PDFs for the client's tests (fpdf2), stamped like CM/ECF filings."""
from __future__ import annotations

from datetime import datetime, UTC
from pathlib import Path


def make_pdf(text: str, *, docket: str = "4:19-cv-07123-PJH", document: int | str = 1,
             filed: str = "12/20/24", title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 12, 20, tzinfo=UTC))  # same text → same bytes
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    pdf.cell(0, 5, f"Case {docket} Document {document} Filed {filed} Page 1 of 1")
    pdf.ln(12)
    pdf.set_font("helvetica", "B", size=14)
    pdf.cell(0, 8, title or f"ORDER {text}")
    pdf.ln(12)
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, f"{text}. The Court has considered the papers and the record. IT IS SO ORDERED.")
    return bytes(pdf.output())


def write_pdfs(directory: Path, n: int, *, prefix: str = "doc", start: int = 1, **kwargs) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = directory / f"{prefix}{i:03d}.pdf"
        path.write_bytes(make_pdf(f"{prefix} filing number {i}", document=i, **kwargs))
        paths.append(path)
    return paths
