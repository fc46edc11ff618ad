"""Rules of the codebase that keep the API cheap and the layers honest."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pypdfium2", "eyecite", "courts_db", "reporters_db", "fpdf", "aws_xray_sdk",
         "juriscraper", "lxml", "dateparser")


def test_the_api_import_path_never_loads_pdf_citation_or_court_libraries():
    code = (
        "import sys, app; "
        "import chalicelib.domain.models, chalicelib.services.queries, chalicelib.services.ingest; "
        "import chalicelib.services.dockets, chalicelib.services.entries, chalicelib.api.docket_models; "
        "import chalicelib.api.openapi; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_pure_core_knows_nothing_of_aws_or_services():
    for path in (ROOT / "chalicelib" / "domain").rglob("*.py"):
        bad = {n for n in _imports(path) if n.split(".")[0] in ("boto3", "botocore")
               or n.startswith(("chalicelib.adapters", "chalicelib.services", "chalicelib.api"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_adapters_import_boto3():
    for path in (ROOT / "chalicelib").rglob("*.py"):
        if "adapters" in path.parts:
            continue
        bad = {n for n in _imports(path) if n.split(".")[0] in ("boto3", "botocore")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_no_scan_anywhere_in_the_app():
    for path in [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py")]:
        text = path.read_text()
        assert ".scan(" not in text and '"Scan"' not in text, path
