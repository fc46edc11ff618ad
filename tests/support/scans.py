"""Scans built in-test: image-only pages (grey boxes) with, optionally, the CM/ECF stamp as text,
and the caption / signature text a fake OCR engine "reads" from them (tests.support.fake_ocr)."""
from __future__ import annotations

import fpdf

STAMP = "Case 4:19-cv-07123-PJH Document 494 Filed 12/20/24 Page {} of {}"
CAPTION = """UNITED STATES DISTRICT COURT
NORTHERN DISTRICT OF CALIFORNIA
WHATSAPP INC., et al.,
Plaintiffs,
v.
NSO GROUP TECHNOLOGIES LIMITED, et al.,
Defendants.
Case No. 4:19-cv-07123-PJH
ORDER GRANTING MOTION FOR PERMANENT INJUNCTION
The motion is granted for the reasons the Court gave at the hearing."""
SIGNATURE = "IT IS SO ORDERED.\nDated: December 20, 2024\nPHYLLIS J. HAMILTON\nUnited States District Judge"


def scan(pages: int, stamped: bool = True) -> bytes:
    """A scan: each page an image (a grey box of its own shade) and, when `stamped`, the stamp as text."""
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=9)
    for i in range(1, pages + 1):
        pdf.add_page()
        pdf.set_fill_color(180 + i % 50)
        pdf.rect(20, 30, 170, 200, style="F")
        if stamped:
            pdf.set_xy(10, 5)
            pdf.cell(0, 5, STAMP.format(i, pages))
    return bytes(pdf.output())
