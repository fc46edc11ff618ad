"""Rules of the codebase that keep the API cheap and the layers honest.

The import rules live in `tests/support/import_rules.py` as data; this module runs them over the
tree and proves, with deliberate violations, that each one fires.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.support import import_rules as rules
from tests.support.import_rules import ROOT

HEAVY = ("pypdfium2", "eyecite", "courts_db", "reporters_db", "fpdf", "aws_xray_sdk",
         "juriscraper", "lxml", "dateparser", "rapidocr_onnxruntime", "onnxruntime", "PIL", "numpy")


def test_the_api_import_path_never_loads_pdf_citation_ocr_or_court_libraries():
    code = (
        "import sys, app; "
        "import chalicelib.domain.models, chalicelib.services.queries, chalicelib.services.ingest; "
        "import chalicelib.services.dockets, chalicelib.services.entries, chalicelib.api.docket_models; "
        "import chalicelib.api.openapi; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_the_api_cold_start_loads_routes_and_models_not_use_cases():
    """`import app` (a new Lambda) loads no use case, adapter, extraction module or the courts
    patterns: each use case loads on its first call (chalicelib/services/__init__.py, P3)."""
    code = "import json, sys, app; print(json.dumps(sorted(m for m in sys.modules if m.startswith('chalicelib.'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    lazy = [m for m in loaded if any(m.startswith(p + ".") for p in rules.LAZY_PACKAGES)]
    late = [m for m in loaded if m.startswith(("chalicelib.adapters", "chalicelib.extract"))
            or m in ("chalicelib.domain.courts", "chalicelib.domain.court_mentions")]
    assert not lazy and not late, (lazy, late)
    assert "chalicelib.api.models" in loaded and "chalicelib.domain.models" in loaded


def test_a_lazy_use_case_loads_on_first_use_and_unknown_names_are_attribute_errors():
    code = ("import sys, app; from chalicelib import services; "
            "services.queries.filing; print('chalicelib.services.queries' in sys.modules, "
            "hasattr(services, 'no_such_use_case'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


# Files still being brought in line (issue #14), while other work changes them this session.
# The list only shrinks: a new kind of violation in any file fails the test at once.
PENDING: set[tuple[str, str]] = set()


def test_the_tree_keeps_every_import_rule():
    violations = [v for v in rules.check_tree() if (v.path, v.rule) not in PENDING]
    assert not violations, "\n".join(map(str, violations))


MAX_MODULE_LINES = 400  # a module past it is split by concept (issue #14)


def test_no_module_is_longer_than_a_reader_holds():
    paths = [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py"), *(ROOT / "client").rglob("*.py")]
    long = {str(p.relative_to(ROOT)): n for p in paths if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not long, long


def test_no_scan_anywhere_in_the_app():
    for path in [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py")]:
        text = path.read_text()
        assert ".scan(" not in text and '"Scan"' not in text, path


# ------------------------------------------------------------------ the rules themselves
VIOLATIONS = [
    # (path, source, rule that must fire)
    ("chalicelib/domain/x.py", "import boto3\n", "domain->boto3"),
    ("chalicelib/domain/x.py", "from chalicelib.adapters import keys\n", "domain->chalicelib.adapters"),
    ("chalicelib/domain/x.py", "from chalicelib.services import search\n", "domain->chalicelib.services"),
    ("chalicelib/domain/x.py", "from chalicelib.api.models import FilingOut\n", "domain->chalicelib.api"),
    ("chalicelib/domain/search/x.py", "from ...extract import pipeline\n", "domain->chalicelib.extract"),
    ("chalicelib/services/x.py", "from chalicelib.api.models import FilingOut\n", "services->chalicelib.api"),
    ("chalicelib/services/x.py", "from ..api import cursors\n", "services->chalicelib.api"),
    ("chalicelib/adapters/x.py", "from chalicelib.api.search_models import SearchHit\n",
     "adapters->chalicelib.api"),
    ("chalicelib/adapters/x.py", "from chalicelib.services import filing_commit\n",
     "adapters->chalicelib.services"),
    ("chalicelib/extract/x.py", "import chalicelib.services.search\n", "extract->chalicelib.services"),
    ("chalicelib/api/x.py", "from chalicelib.adapters import filings_repo\n", "api->chalicelib.adapters"),
    ("app.py", "from chalicelib.adapters import queue\n", "app->chalicelib.adapters"),
    ("tools/x.py", "import tests.support.bulk\n", "tools->tests"),
    ("chalicelib/services/x.py", "import botocore.config\n", "boto-outside-adapters"),
    ("chalicelib/x.py", "import boto3\n", "boto-outside-adapters"),
    ("tools/x.py", "from chalicelib.domain.courts import _name_key\n", "private-import"),
    ("chalicelib/extract/x.py", "from .sandbox import _READY\n", "private-import"),
    ("app.py", "def f():\n    from chalicelib.services import queries\n", "in-function-import"),
    ("tools/x.py", "class A:\n    def m(self):\n        import subprocess\n", "in-function-import"),
    ("chalicelib/extract/x.py", "def f():\n    from chalicelib.extract.citations import find\n",
     "in-function-import"),
]


@pytest.mark.parametrize(("path", "source", "rule"), VIOLATIONS, ids=[f"{r}:{p}" for p, _, r in VIOLATIONS])
def test_each_rule_fires_on_a_deliberate_violation(path, source, rule):
    fired = {v.rule for v in rules.check_source(path, source)}
    assert rule in fired, fired


ALLOWED = [
    ("chalicelib/services/x.py", "from chalicelib.domain.models import FilingRecord\n"),
    ("chalicelib/services/x.py", "from chalicelib.adapters import filings_repo\n"),
    ("chalicelib/api/x.py", "from chalicelib.services import search\n"),
    ("chalicelib/adapters/x.py", "import boto3\n"),
    ("chalicelib/adapters/x.py", "def client():\n    import boto3\n"),
    ("chalicelib/extract/x.py", "def render():\n    import pypdfium2\n"),
    ("chalicelib/services/x.py", "def run():\n    from chalicelib.extract.sandbox import extract_bounded\n"),
    ("tools/x.py", "def serve():\n    from moto.server import ThreadedMotoServer\n"),
    ("tools/x.py", "def serve():\n    import app\n"),
    ("tests/x.py", "def f():\n    import app\n"),
    ("chalicelib/x.py", "from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"),
    ("chalicelib/domain/x.py", "from chalicelib.domain.models import __all__\n"),
    ("app.py", "from chalicelib.services import queries\n"),
]


@pytest.mark.parametrize(("path", "source"), ALLOWED, ids=[f"{p}:{s.strip()}" for p, s in ALLOWED])
def test_what_the_rules_allow(path, source):
    assert rules.check_source(path, source) == []


def test_every_lazy_exception_says_why():
    assert all(len(why) > 10 for why in rules.LAZY_ALLOWED.values())


KEY_LITERAL = re.compile(r"""["'](?:[A-Z]{2,}#|[A-Z]#)""")  # "FILING#…", "E#…": a key prefix


def test_only_the_key_module_spells_a_key():
    """`adapters/keys.py` owns the DynamoDB key design: nobody else formats or parses a key."""
    owners = {ROOT / "chalicelib/adapters/keys.py"}
    paths = [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py"), *(ROOT / "tools").rglob("*.py")]
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in paths if p not in owners
             for n, line in enumerate(p.read_text().splitlines(), 1) if KEY_LITERAL.search(line)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("line", "spells"), [
    ('dynamo.query_page(f"AUDIT#{filing_id}")', True),
    ('{":e": "E#"}', True),
    ("item['SK'].startswith('FILING#')", True),
    ('"""A DynamoDB key attribute ({"S": "FILING#1"})"""', True),
    ('keys.audit_partition(filing_id)', False),
    ('f"{n}#{m}"', False),
    ('"Case No. #12"', False),
])
def test_what_counts_as_spelling_a_key(line, spells):
    assert bool(KEY_LITERAL.search(line)) is spells
