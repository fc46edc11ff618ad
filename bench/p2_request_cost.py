"""P2: what a request costs DynamoDB as the archive grows.

The archive is loaded into moto (in-process) at each size in turn, growing the same archive:
a fixed *probe* case of `PROBE_FILINGS` filings, written first through the worker's real path
(`tools.synthetic_filings.add_filing`: reserve, index, commit transactions), plus a growing rest of
the archive spread over ~500 cases with Zipf-skewed sizes and a shared Zipf vocabulary. The
measured requests target the probe case (and archive-wide full text), so a request whose cost
does not depend on the archive should cost the same at every size.

For each size and request kind we record DynamoDB calls, items read (Σ max(Count, ScannedCount)
of Queries, items returned by Get/BatchGet: `tools.dynamo_meter.DynamoMeter`) and Scans.
moto's latency grows with the table whatever the request does, so it is reported but not judged.

Loading 20,000 filings through moto's API is not feasible in the time budget (moto copies the
whole table for every transaction and handles ~1,000 batch-written items/s; a filing is ~80
items), so the rest of the archive is written with the archive's own item builders
(`filings_repo.to_item`, `cases_repo.to_item`, `changes_repo.item_for`, the search index's
`index_filings` bulk path) straight into moto's table storage. Two bench-only patches keep moto
usable at this size without changing what it answers: a base-table Query looks only at its
partition instead of sorting the whole table, and a transaction snapshots only what it touches
for rollback instead of deep-copying the table (see `tools/moto_tuning.py`).
"""
from __future__ import annotations

import gc
import hashlib
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bench import apply_fake_env
from chalicelib import config, cursors
from chalicelib.adapters import aws as aws_clients
from chalicelib.adapters import cases_repo, changes_repo, dynamo, filings_repo, keys
from chalicelib.adapters.search_writer import DynamoSearchIndex
from chalicelib.api.search_models import SearchParams, to_request, to_response
from chalicelib.config import settings
from chalicelib.domain import cases as case_rules
from chalicelib.domain.access import READ, Viewer
from chalicelib.domain.docket_numbers import case_id as make_case_id
from chalicelib.domain.docket_numbers import parse_docket_number
from chalicelib.domain.models import FilingRecord, FilingStatus, Party
from chalicelib.services import changes, queries, search
from chalicelib.services.clock import system_clock
from infra import resources
from tools import moto_tuning
from tools.dynamo_meter import DynamoMeter
from tools.synthetic_filings import add_filing

PROBE_FILINGS = 60
PROBE_COURT = "nysd"
PROBE_DOCKET = "1:21-cv-04242"
PAGE = 50  # case filings page size
CHANGES_PAGE = 100
CASES = 500
COURTS = ["nysd", "cacd", "txsd", "ilnd", "dcd", "mad", "flsd", "waed", "cand", "njd", "paed", "vaed"]
TYPE_WEIGHTS = {"motion": 30, "order": 22, "brief": 10, "declaration": 10, "exhibit": 12, "notice": 8,
                "complaint": 3, "opinion": 2, "stipulation": 3}
TITLES = {
    "motion": ["MOTION TO DISMISS", "MOTION FOR SUMMARY JUDGMENT", "MOTION TO COMPEL DISCOVERY",
               "MOTION FOR PRELIMINARY INJUNCTION", "MOTION FOR CLASS CERTIFICATION"],
    "order": ["ORDER", "SCHEDULING ORDER", "PROTECTIVE ORDER", "ORDER ON MOTION TO DISMISS"],
    "brief": ["MEMORANDUM OF LAW IN OPPOSITION", "REPLY BRIEF", "OPENING BRIEF"],
    "declaration": ["DECLARATION IN SUPPORT", "DECLARATION OF COUNSEL"],
    "exhibit": ["EXHIBIT A", "EXHIBIT B", "EXHIBIT C"],
    "notice": ["NOTICE OF APPEARANCE", "NOTICE OF MOTION", "NOTICE OF APPEAL"],
    "complaint": ["COMPLAINT", "AMENDED COMPLAINT"],
    "opinion": ["OPINION AND ORDER", "MEMORANDUM OPINION"],
    "stipulation": ["STIPULATION OF DISMISSAL", "STIPULATION AND ORDER"],
}
LEGAL = ["court", "motion", "order", "judgment", "plaintiff", "defendant", "summary", "discovery", "contract", "damages", "injunction", "appeal", "evidence", "witness", "deposition", "privilege", "settlement", "jurisdiction", "negligence", "statute", "claim", "relief", "counsel", "hearing", "trial", "verdict", "dismiss", "complaint", "amended", "answer", "counterclaim", "affirmative", "defense", "standing", "injury", "causation", "breach", "warranty", "fraud", "misrepresentation", "securities", "antitrust", "patent", "infringement", "copyright", "trademark", "employment", "discrimination", "retaliation", "harassment", "arbitration", "class", "certification", "preliminary", "irreparable", "harm", "balance", "equities", "public", "interest", "qualified", "immunity", "constitutional", "amendment", "due", "process", "equal", "protection", "search", "seizure", "warrant", "habeas", "petition", "sentence", "conviction", "indictment", "plea", "guilty", "restitution", "forfeiture", "bankruptcy", "debtor", "creditor", "trustee", "estate", "lien", "mortgage", "foreclosure", "insurance", "coverage", "indemnity", "subrogation", "expert", "testimony", "daubert", "hearsay", "exhibit", "declaration", "affidavit", "sanctions", "contempt", "subpoena", "protective", "confidential", "sealed", "redacted", "memorandum", "opinion", "reply", "opposition", "brief", "record", "transcript", "schedule", "deadline", "extension", "stipulation", "dismissal", "prejudice", "remand", "removal", "venue", "transfer", "personal", "subject", "matter", "diversity", "federal", "question", "pleading", "plausibility", "twombly", "iqbal"]
PHRASES = ["motion to dismiss", "summary judgment", "qualified immunity", "preliminary injunction",
           "breach of contract", "personal jurisdiction", "class certification", "protective order"]
SURNAMES = ["Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Haddad", "Lindqvist", "Moreau",
            "Tanaka", "Rossi", "Schmidt", "Alvarez", "Brennan", "Cohen", "Duarte", "Eriksen"]
COMPANIES = ["Acme Corp.", "Globex LLC", "Initech Inc.", "Umbrella Holdings", "Stark Industries",
             "Wayne Enterprises", "Soylent Co.", "Hooli Inc.", "Vandelay Industries", "Tyrell Corp."]
JUDGES = [f"Hon. {first} {last}" for first, last in zip(
    ["Ann", "Ben", "Cora", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kim", "Lev"],
    ["Marsh", "Ortiz", "Pryce", "Quinn", "Reyes", "Sato", "Tull", "Usman", "Vance", "Webb", "Xu", "Yates"])]

# The request kinds the P2 target judges, and archive-wide extras reported for information.
KINDS = ("case_page", "filing_get", "search_filtered", "search_fulltext", "search_phrase", "changes_page")
FULLTEXT_KINDS = ("search_fulltext", "search_phrase")
INFO_KINDS = ("search_court", "search_court_type")


# --------------------------------------------------------------------------------------------
# The workload
# --------------------------------------------------------------------------------------------

def _vocabulary(rng: random.Random, size: int = 1500) -> list[str]:
    syllables = ["ba", "be", "bi", "co", "da", "de", "fi", "ga", "ka", "lo", "ma", "me", "mi", "na", "no", "pa", "po", "ra", "re", "ri", "sa", "se", "ta", "te", "to", "va", "vo"]
    tail: list[str] = []
    seen = set(LEGAL)
    while len(LEGAL) + len(tail) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return list(LEGAL) + tail


class Text:
    """Zipf-distributed words over a shared vocabulary, with common legal phrases mixed in."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vocab = _vocabulary(rng)
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.vocab))]
        acc, cum = 0.0, []
        for w in self.weights:
            acc += w
            cum.append(acc)
        self.cum = cum

    def body(self, words: int) -> str:
        out = self.rng.choices(self.vocab, cum_weights=self.cum, k=words)
        if self.rng.random() < 0.35:
            out.insert(self.rng.randrange(len(out) + 1), self.rng.choice(PHRASES))
        return " ".join(out)


@dataclass
class _Case:
    court: str
    docket: str
    case_id: str
    name: str
    judge: str
    parties: list[tuple[str, str]]
    start: date
    next_doc: int = 1
    record: Any = None  # CaseRecord, once it has filings


@dataclass
class Probe:
    case_id: str
    court: str
    filing_ids: list[str] = field(default_factory=list)


class Archive:
    """Grows one archive in moto: the probe case first (real path), then the rest (bulk)."""

    def __init__(self, seed: int = 7, body_words: int = 28):
        self.rng = random.Random(seed)
        self.text = Text(random.Random(seed + 1))
        self.body_words = body_words
        self.filings = 0
        self.cases = [self._new_case(i) for i in range(CASES)]
        self.case_weights = [1.0 / (rank + 1) for rank in range(CASES)]  # Zipf: a few huge cases
        self.types = list(TYPE_WEIGHTS)
        self.type_weights = list(TYPE_WEIGHTS.values())
        self.probe: Probe | None = None

    def _new_case(self, i: int) -> _Case:
        rng = self.rng
        court = COURTS[i % len(COURTS)]
        docket = f"1:{rng.randint(12, 24)}-cv-{10000 + i:05d}"
        person, company = rng.choice(SURNAMES), rng.choice(COMPANIES)
        return _Case(court=court, docket=docket, case_id=make_case_id(court, parse_docket_number(docket)),
                     name=f"{person} v. {company}", judge=rng.choice(JUDGES),
                     parties=[(f"{rng.choice('ACJMRT')}. {person}", "plaintiff"), (company, "defendant")],
                     start=date(2012, 1, 1) + timedelta(days=rng.randint(0, 3600)))

    # ---- the probe: the worker's own write path ------------------------------------------

    def load_probe(self, count: int = PROBE_FILINGS) -> Probe:
        rng = random.Random(4242)
        probe = None
        for n in range(1, count + 1):
            doc_type = "motion" if n % 3 == 0 else rng.choice(self.types)
            record = add_filing(
                court=PROBE_COURT, docket=PROBE_DOCKET, n=n, doc_type=doc_type,
                day=date(2021, 3, 1) + timedelta(days=3 * n), text=self.text.body(60),
                title=f"Probe v. Benchmark Corp.: {rng.choice(TITLES[doc_type])}",
                parties=[("Pat Probe", "plaintiff"), ("Benchmark Corp.", "defendant")],
                sealed=n in (7, 31), judge="Hon. Ada Lovelace", seed=900_000 + n,
            )
            if probe is None:
                probe = Probe(case_id=record.case_id, court=PROBE_COURT)
            probe.filing_ids.append(record.id)
        self.filings += count
        self.probe = probe
        return probe

    # ---- the rest of the archive: same items, written straight into moto ------------------

    def grow(self, total: int, log: Callable[[str], None] = lambda _: None) -> None:
        """Add filings until the archive holds `total`."""

        gc.disable()  # millions of long-lived objects: collecting them while loading is waste
        try:
            self._grow(total, log)
        finally:
            gc.enable()
            gc.freeze()  # and keep the loaded archive out of later collections

    def _grow(self, total: int, log: Callable[[str], None]) -> None:
        store = _Store()
        counters = _CounterSink(store)
        index = DynamoSearchIndex(transact=counters.transact)
        seq, _ = changes_repo.head()
        touched: dict[str, _Case] = {}
        batch: list[tuple[Any, list[str]]] = []
        stamp = system_clock()
        t0 = time.perf_counter()
        with _direct_batch_writes(store):
            while self.filings < total:
                i = self.filings
                case = self.rng.choices(self.cases, weights=self.case_weights)[0]
                doc_type = self.rng.choices(self.types, weights=self.type_weights)[0]
                n = case.next_doc
                case.next_doc += 1
                sha = hashlib.sha256(f"bench-{i}-{case.case_id}-{n}".encode()).hexdigest()
                title = self.rng.choice(TITLES[doc_type])
                record = FilingRecord(
                    id=f"fl_bench{sha[:20]}", status=FilingStatus.ready, sha256=sha,
                    size=20_000 + self.rng.randint(0, 2_000_000), created_at=stamp, updated_at=stamp,
                    court_id=case.court, docket_number=case.docket, case_id=case.case_id,
                    case_name=case.name, document_number=str(n),
                    date_filed=case.start + timedelta(days=n // 2), title=title,
                    document_type=doc_type, page_count=1 + self.rng.randint(0, 40), judge=case.judge,
                    parties=[Party(name=a, role=b) for a, b in case.parties],
                    published=True, counted_case_id=case.case_id, version=1,
                )
                seq += 1
                store.put_plain(filings_repo.to_item(record))
                store.put_plain({**keys.sha_lock(sha), "filing_id": record.id, "item_type": "sha_lock"})
                store.put_plain(changes_repo.item_for(seq, record.id, "created", stamp))
                if case.record is None:
                    case.record = case_rules.new_case(record, stamp)
                case.record = case_rules.apply_contribution(case.record, record, +1)
                touched[case.case_id] = case
                batch.append((record, [self.text.body(self.body_words)]))
                self.filings += 1
                if len(batch) >= 500:
                    index.index_filings(batch)
                    batch = []
                if self.filings % 5000 == 0:
                    log(f"  p2: {self.filings} filings ({time.perf_counter() - t0:.0f}s)")
            if batch:
                index.index_filings(batch)
        counters.flush()
        for case in touched.values():
            version = case.record.version + 1
            case.record = case.record.model_copy(update={"version": version, "updated_at": stamp})
            store.put_plain(cases_repo.to_item(case.record))
            for item in cases_repo.name_token_items(case.record):
                store.put_plain(item)

        store.put_plain({**keys.change_sequence(), "seq": seq,
                         "allocated_at": datetime.now(UTC).isoformat()})


# --------------------------------------------------------------------------------------------
# Writing straight into moto's table
# --------------------------------------------------------------------------------------------

class _Store:
    def __init__(self) -> None:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.dynamodb.models import dynamodb_backends

        backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][settings().region]
        self.table = backend.get_table(settings().table_name)
        self.written = 0

    def _put(self, values: dict[str, Any]) -> None:
        from moto.dynamodb.models.dynamo_type import Item, LimitedSizeDict

        item = object.__new__(Item)  # moto's Item, without re-summing its size per attribute
        item.hash_key, item.range_key = values["PK"], values["SK"]
        item.attrs = LimitedSizeDict(values)
        self.table.items[item.hash_key][item.range_key] = item
        self.written += 1

    def put_wire(self, attrs: dict[str, Any]) -> None:
        """An item in DynamoDB's wire format ({"S": ...}), as the API would store it."""
        from moto.dynamodb.models.dynamo_type import DynamoType

        self._put({k: DynamoType(v) for k, v in attrs.items()})

    def put_plain(self, item: dict[str, Any]) -> None:
        """A plain item as `chalicelib.adapters.dynamo` would serialise it (same types)."""
        self._put({k: _typed(v) for k, v in item.items()})

    def get_wire(self, pk: str, sk: str) -> dict[str, Any] | None:
        found = self.table.items.get(_typed(pk), {}).get(_typed(sk))
        return None if found is None else {k: v.to_json() for k, v in found.attrs.items()}


_DynamoType: Any = None


def _typed(value: Any) -> Any:
    """moto's DynamoType for a plain value, as boto3's TypeSerializer + moto would build it."""
    global _DynamoType
    if _DynamoType is None:
        from moto.dynamodb.models.dynamo_type import DynamoType

        _DynamoType = DynamoType
    out = object.__new__(_DynamoType)
    if isinstance(value, str):
        out.type, out.value = "S", value
    elif isinstance(value, bool):
        out.type, out.value = "BOOL", value
    elif isinstance(value, (int, float, Decimal)):
        out.type, out.value = "N", str(Decimal(str(value)) if isinstance(value, float) else value)
    elif value is None:
        out.type, out.value = "NULL", True
    elif isinstance(value, dict):
        out.type, out.value = "M", {k: _typed(v) for k, v in value.items()}
    elif isinstance(value, (list, tuple)):
        out.type, out.value = "L", [_typed(v) for v in value]
    else:
        return _DynamoType(dynamo.serialize({"v": value})["v"])
    return out


@contextmanager
def _direct_batch_writes(store: _Store) -> Iterator[None]:
    """The index's bulk path writes its postings with `dynamo.batch_write`; send them to the store."""

    original = dynamo.batch_write

    def direct(puts: list[dict[str, Any]], deletes: list[dict[str, str]] = ()) -> None:
        if deletes:
            original([], deletes)
        for item in puts:
            store.put_plain(item)

    dynamo.batch_write = direct
    try:
        yield
    finally:
        dynamo.batch_write = original


class _CounterSink:
    """`DynamoSearchIndex(transact=...)` for the bulk load: manifests go to the store, counter
    deltas (ADD) are summed and applied once at the end on top of what the probe wrote."""

    def __init__(self, store: _Store) -> None:
        self.store = store
        self.deltas: dict[tuple[str, str], dict[str, int]] = {}

    def transact(self, ops: list[dict[str, Any]]) -> None:
        for op in ops:
            (kind, body), = op.items()
            if kind == "Put":
                self.store.put_wire(body["Item"])
            elif kind == "Update":
                key = (body["Key"]["PK"]["S"], body["Key"]["SK"]["S"])
                names, vals = body["ExpressionAttributeNames"], body["ExpressionAttributeValues"]
                slot = self.deltas.setdefault(key, {})
                for alias, attr in names.items():
                    delta = int(vals[":d" + alias[2:]]["N"])
                    slot[attr] = slot.get(attr, 0) + delta
            else:
                raise RuntimeError(f"unexpected {kind} in a bulk index transaction")

    def flush(self) -> None:
        for (pk, sk), attrs in self.deltas.items():
            current = self.store.get_wire(pk, sk) or {"PK": {"S": pk}, "SK": {"S": sk}}
            current["item_type"] = {"S": "facet_counter"}
            for attr, delta in attrs.items():
                before = int(current.get(attr, {}).get("N", "0"))
                current[attr] = {"N": str(before + delta)}
            self.store.put_wire(current)
        self.deltas.clear()


@contextmanager
def emulator() -> Iterator[dict[str, str]]:
    """moto in-process with the archive's resources, the app's lazy clients bound to it."""

    import boto3
    from moto import mock_aws

    apply_fake_env()
    moto_tuning.install()  # the same moto patches as the tests and the local stack
    with mock_aws():
        config.reset()
        aws_clients.reset()
        search.use_backend(None)
        out = resources.apply(boto3.Session(region_name="us-east-1"), os.environ["ARCHIVE_TABLE"],
                              os.environ["ARCHIVE_BUCKET"], os.environ["ARCHIVE_QUEUE"])
        try:
            yield out
        finally:
            search.use_backend(None)
            aws_clients.reset()
            config.reset()


# --------------------------------------------------------------------------------------------
# The requests
# --------------------------------------------------------------------------------------------

def _search(params: Any, viewer: Any) -> Any:
    """What `GET /search` does: parameters to a request, the use case, the response model."""

    return to_response(search.search(to_request(params, viewer), viewer), params, viewer)


def requests(probe: Probe) -> dict[str, Callable[[], Any]]:

    viewer = Viewer(key_id="bench-reader", scopes=frozenset({READ}))
    head, _ = changes_repo.head()
    since = cursors.encode("changes", {"s": max(0, head - CHANGES_PAGE - 50)})
    return {
        "case_page": lambda: queries.case_filings(probe.case_id, viewer, limit=PAGE, cursor=None,
                                                  document_type=None, updated_since=None),
        "filing_get": lambda: queries.filing(probe.filing_ids[len(probe.filing_ids) // 2 - 1], viewer),
        "search_filtered": lambda: _search(SearchParams(case_id=probe.case_id, document_type="motion"), viewer),
        "search_fulltext": lambda: _search(SearchParams(q="contract damages"), viewer),
        "search_phrase": lambda: _search(SearchParams(q='"motion to dismiss"'), viewer),
        "changes_page": lambda: changes.page(since, CHANGES_PAGE, viewer),
        "search_court": lambda: _search(SearchParams(court=probe.court), viewer),
        "search_court_type": lambda: _search(SearchParams(court=probe.court, document_type="motion"), viewer),
    }


def measure(probe: Probe) -> dict[str, dict[str, Any]]:
    out = {}
    with DynamoMeter() as meter:
        for kind, call in requests(probe).items():
            meter.reset()
            scans_before = meter.scans
            t0 = time.perf_counter()
            error = None
            try:
                result = call()
            except AssertionError as exc:  # DynamoMeter refuses Scans
                error, result = str(exc), None
            seconds = time.perf_counter() - t0
            out[kind] = {
                "calls": sum(meter.calls.values()), "by_call": dict(meter.calls),
                "items_read": meter.items_read, "scans": meter.scans - scans_before,
                "results": _count(result), "moto_seconds": round(seconds, 4),
                **({"error": error} if error else {}),
            }
    return out


def _count(result: Any) -> int | None:
    if result is None:
        return None
    if isinstance(result, tuple):
        return len(result[0])
    for attr in ("results", "changes"):
        if hasattr(result, attr):
            return len(getattr(result, attr))
    return 1


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def run(sizes: tuple[int, ...] = (1000, 20000), seed: int = 7, log: Callable[[str], None] = print,
        probe_filings: int = PROBE_FILINGS) -> dict[str, Any]:
    sizes = tuple(sorted(sizes))
    per_size: dict[str, Any] = {}
    with emulator():
        archive = Archive(seed=seed)
        t0 = time.perf_counter()
        probe = archive.load_probe(probe_filings)
        log(f"  p2: probe case {probe.case_id}: {probe_filings} filings through the worker's path "
            f"in {time.perf_counter() - t0:.1f}s")
        for size in sizes:
            t0 = time.perf_counter()
            archive.grow(size, log)
            load_s = time.perf_counter() - t0
            per_size[str(size)] = {"filings": archive.filings, "load_seconds": round(load_s, 1),
                                   "kinds": measure(probe)}
            log(f"  p2: {size} filings loaded in {load_s:.1f}s and measured")
    return summarize(per_size, sizes, probe_filings)


def summarize(per_size: dict[str, Any], sizes: tuple[int, ...], probe_filings: int = PROBE_FILINGS) -> dict[str, Any]:
    small, large = per_size[str(sizes[0])]["kinds"], per_size[str(sizes[-1])]["kinds"]
    ratios = {}
    for kind in KINDS + INFO_KINDS:
        a, b = small[kind]["items_read"], large[kind]["items_read"]
        ratios[kind] = round(b / a, 3) if a else (1.0 if b == 0 else float("inf"))
    plain = [k for k in KINDS if k not in FULLTEXT_KINDS]
    scans = sum(k["scans"] for size in per_size.values() for k in size["kinds"].values())
    return {
        "sizes": list(sizes),
        "probe_filings": probe_filings,
        "per_size": per_size,
        "items_ratio": ratios,
        "items_ratio_max": max(ratios[k] for k in plain),
        "items_ratio_max_kind": max(plain, key=lambda k: ratios[k]),
        "fulltext_items_ratio": max(ratios[k] for k in FULLTEXT_KINDS),
        "scans": scans,
    }
