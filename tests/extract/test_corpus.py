"""The real-PDF development corpus, scored like shared/tools/score_api.py, in aggregate.

Skips when the corpus is absent (``<repo>/../shared/corpus/dev`` or ``$ARCHIVE_CORPUS``).
Citations are not extracted here (they are the slow stage and are not scored).

Targets: stamp fields >= 95%, page count 100%, document type >= 87%, case name >= 75%, judge
>= 80%. Court id is held at >= 84% (28/33): five of the 33 files print no court in any text layer
(rc021 image-only; rc033, rc055 and rc005-style stamp-only scans; rc035 whose caption page is an
image; rc041 an exhibit whose only caption is another court's), so 28/33 is the ceiling without
OCR or a client hint. rc051's OCR layer sits in a unit-scale form XObject that PDFium drops
unless pdf_text rescales it (see chalicelib/extract/pdf_text.py).
"""
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("ARCHIVE_CORPUS") or ROOT.parent / "shared" / "corpus" / "dev")
pytestmark = pytest.mark.skipif(not (CORPUS / "truth.jsonl").exists(), reason="corpus absent")

TARGETS = {"docket": 0.95, "docnum": 0.95, "date": 0.95, "pages": 1.0, "type": 0.87,
           "case": 0.75, "court": 0.84, "judge": 0.80}


@pytest.fixture(scope="module")
def results():
    sys.path.insert(0, str(ROOT / "tools"))
    import eval as ev

    from chalicelib.extract.pipeline import extract

    truth = [json.loads(x) for x in (CORPUS / "truth.jsonl").read_text().splitlines() if x.strip()]
    tally = {k: [0, 0] for k in ev.FIELDS}
    misses = []

    def score(field, ok, detail):
        tally[field][1] += 1
        tally[field][0] += int(bool(ok))
        if not ok:
            misses.append((field, detail))

    for t in truth:
        e = extract((CORPUS / "pdfs" / t["file"]).read_bytes(), citations=False)
        ev.score_file(t, json.loads(e.model_dump_json(exclude={"pages"})), score)
    return tally, misses


@pytest.mark.parametrize("field", sorted(TARGETS))
def test_field_accuracy(results, field):
    tally, misses = results
    ok, n = tally[field]
    assert n and ok / n >= TARGETS[field], [m for m in misses if m[0] == field]
