"""The import rules of the codebase, as data, and a checker that reads source with `ast`.

`tests/test_architecture.py` runs `check_tree` over the repository and, in a test of the test,
feeds `check_source` deliberate violations to prove every rule fires. A rule names the layer a
module belongs to (by its path) and what that layer may not import.
"""
from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Trees the rules read. fixtures/ (a generator script) and tests/ themselves are not held to them.
CHECKED = ("app.py", "chalicelib", "bench", "tools", "infra", "client/archive_client")

# Layer → import prefixes it must not use, and why (the message a violation prints).
FORBIDDEN: dict[str, dict[str, str]] = {
    "domain": {
        "boto3": "the pure core knows nothing of AWS",
        "botocore": "the pure core knows nothing of AWS",
        "chalicelib.adapters": "the pure core knows nothing of storage",
        "chalicelib.services": "dependencies point inward: domain is the centre",
        "chalicelib.api": "dependencies point inward: domain is the centre",
        "chalicelib.extract": "domain is pure; extraction (PDFium, OCR) uses it, not the reverse",
    },
    "services": {"chalicelib.api": "services speak domain types; the api layer builds models"},
    "adapters": {
        "chalicelib.api": "adapters store and read domain types; they build no API models",
        "chalicelib.services": "adapters are called by services, never the reverse",
    },
    "extract": {"chalicelib.api": "extraction produces domain types",
                "chalicelib.services": "extraction is called by the worker's use case"},
    "api": {"chalicelib.adapters": "the api layer renders what services return"},
    "app": {"chalicelib.adapters": "app.py calls services; storage is theirs"},
    "bench": {"tests": "benchmarks do not depend on the test suite (move shared helpers to tools/)"},
    "tools": {"tests": "tools do not depend on the test suite"},
    "client": {"chalicelib": "the client is its own package: it talks HTTP, never imports the server",
               "app": "the client is its own package: it talks HTTP, never imports the server"},
}
# Only adapters talk to AWS: everything else in chalicelib reaches it through them.
BOTO = ("boto3", "botocore")

# In-function imports are allowed only for these: each keeps something heavy off a path that does
# not need it (above all the API's cold start, where every import is paid on a new Lambda).
LAZY_ALLOWED: dict[str, str] = {
    "pypdfium2": "PDFium: a native library, worker-only",
    "rapidocr_onnxruntime": "OCR models and ONNX runtime: hundreds of MB, worker-only",
    "rapidocr": "OCR models and ONNX runtime: hundreds of MB, worker-only",
    "onnxruntime": "ONNX runtime: native, worker-only",
    "numpy": "only with the OCR engine",
    "PIL": "Pillow: page rendering, worker-only",
    "eyecite": "builds its citation tokenizer on import (seconds)",
    "reporters_db": "eyecite's reporter tables",
    "courts_db": "compiles a regex table of every US court",
    "regex": "eyecite's regex engine: only with citations",
    "juriscraper": "pulls lxml and dateparser; docket reports only",
    "lxml": "native XML, docket reports only",
    "dateparser": "slow import; docket reports only",
    "fpdf": "PDF writer for fixtures and benchmarks only",
    "boto3": "~0.3 s of import, paid on the first AWS call, not on import of the app",
    "botocore": "~0.3 s of import, paid on the first AWS call, not on import of the app",
    "aws_lambda_powertools.tracing": "X-Ray tracer: ~100 ms, only where tracing is on",
    "moto": "the AWS stand-in: ~1 s of import, only where a stand-in starts",
    "app": "app.py checks its configuration on import: tools import it after setting the environment",
    "chalicelib.extract": "the worker-only package (PDFium, OCR, eyecite): never on the API's path",
}
# Packages whose submodules load on first attribute access (PEP 562), with why. The one such
# package is the use cases: app.py reaches them as `services.<name>`, so an API cold start imports
# the routes and their models, not every use case, adapter and the worker's OCR path (P3).
# test_architecture checks the cold start loads none of their submodules.
LAZY_PACKAGES: dict[str, str] = {
    "chalicelib.services": "each use case loads on its first call from app.py: the API's cold start "
                           "imports routes and models only (bench P3)",
}
# A lazy import of chalicelib.extract is only for callers outside it (inside, the heavy libraries
# are lazy themselves).
LAZY_ONLY_FROM_OUTSIDE = {"chalicelib.extract": "chalicelib.extract"}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.detail}"


def module_of(path: str) -> str:
    """Dotted module name of a repository path (client code is the `archive_client` package)."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[:1] == ["client"]:
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "chalicelib":
        return parts[1] if len(parts) > 1 and parts[1] in (
            "domain", "services", "adapters", "api", "extract") else "kernel"
    if parts[0] == "archive_client":
        return "client"
    return parts[0]


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[ast.stmt, str, list[str]]]:
    """(node, imported module, names taken from it) for every import statement."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            yield node, _resolve(module, node, is_package), [a.name for a in node.names]


def _in_function(tree: ast.AST) -> set[int]:
    """ids of import nodes written inside a function body."""
    found: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            found.update(id(n) for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def check_source(path: str, source: str) -> list[Violation]:
    """Every rule broken by the module at `path` (a repository-relative path) with this source."""
    module = module_of(path)
    layer = layer_of(module)
    is_package = Path(path).name == "__init__.py"
    tree = ast.parse(source, filename=path)
    lazy = _in_function(tree)
    out: list[Violation] = []
    for node, target, names in _imports(tree, module, is_package):
        if target == "__future__":
            continue
        for prefix, why in FORBIDDEN.get(layer, {}).items():
            if _under(target, prefix):
                out.append(Violation(path, node.lineno, f"{layer}->{prefix}", f"imports {target}: {why}"))
        if module.startswith("chalicelib.") and layer != "adapters" and any(_under(target, b) for b in BOTO):
            out.append(Violation(path, node.lineno, "boto-outside-adapters",
                                 f"imports {target}: only chalicelib.adapters talk to AWS"))
        taken = [p for p in target.split(".") if _private(p)] + [n for n in names if _private(n)]
        for name in taken:
            out.append(Violation(path, node.lineno, "private-import",
                                 f"takes the private name {name} from {target}: make it public or keep it local"))
        if id(node) in lazy and not _lazy_ok(target, module):
            out.append(Violation(path, node.lineno, "in-function-import",
                                 f"imports {target} inside a function: move it to the top "
                                 "(only LAZY_ALLOWED heavy libraries may wait)"))
    return out


def _lazy_ok(target: str, module: str) -> bool:
    for prefix in LAZY_ALLOWED:
        if _under(target, prefix):
            inside = LAZY_ONLY_FROM_OUTSIDE.get(prefix)
            return not (inside and _under(module, inside))
    return False


def python_files(root: Path = ROOT, trees: Iterable[str] = CHECKED) -> Iterator[Path]:
    for tree in trees:
        base = root / tree
        yield from [base] if base.suffix == ".py" else sorted(base.rglob("*.py"))


def check_tree(root: Path = ROOT) -> list[Violation]:
    out: list[Violation] = []
    for path in python_files(root):
        rel = path.relative_to(root).as_posix()
        out.extend(check_source(rel, path.read_text()))
    return out
