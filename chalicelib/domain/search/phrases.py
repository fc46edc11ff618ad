"""Phrases without a posting per word pair: common-word pairs are posted, the rest fingerprinted.

A filing has about twice as many distinct adjacent word pairs as distinct words, and nearly all
pairs are unique to the filing, so posting every pair (one DynamoDB item each) was two thirds of
the index. Instead, as Lucene's CommonGrams does:

* A pair of two *common* words ("motion dismiss", "summary judgment", "district court") is still
  posted as its own term (`bigram`): such a phrase is frequent, its words' lists are long, and
  only its own, shorter list finds its filings in bounded reads.
* Any other pair has at least one uncommon word, whose list is short. The uncommon word's
  posting carries 16-bit fingerprints of its neighbours: `next_words` (the words that follow it)
  and `prev_words` (the words before it). A phrase "turbine contract" reads the list of
  "turbine" and keeps the filings whose posting says a word with the fingerprint of "contract"
  follows. A fingerprint collision (1 in 65,536 per neighbour) can let a non-adjacent pair
  match; a word with more than `MAX_NEIGHBOURS` distinct neighbours on one side stores
  `ANY` there and matches any neighbour (rare: uncommon words have few neighbours).

`COMMON` is part of the index format: changing it needs a re-index, like the tokenizer.
Digit-only words count as common (years, section and page numbers pair with everything).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

MAX_NEIGHBOURS = 200
ANY = b"*"  # more neighbours than stored: every neighbour matches

COMMON = frozenset(["about", "above", "account", "action", "actual", "additional", "address", "admit", "affidavit", "after", "against", "agree", "agreement", "all", "allege", "alleged", "also", "amend", "amended", "amendment", "america", "american", "another", "answer", "any", "appeal", "appellant", "appellee", "applicable", "application", "apply", "april", "argument", "article", "attorney", "august", "authority", "available", "award", "bankruptcy", "based", "because", "before", "being", "below", "between", "board", "both", "brief", "business", "california", "can", "case", "cause", "central", "certificate", "certify", "child", "circuit", "civil", "claim", "class", "clerk", "code", "com", "committee", "company", "complaint", "conclusion", "conduct", "consent", "consideration", "constitute", "contract", "copy", "corporation", "could", "counsel", "count", "county", "court", "credit", "cv", "damage", "data", "date", "day", "december", "decision", "declaration", "defendant", "defense", "deny", "denied", "department", "did", "discovery", "dismiss", "dismissal", "district", "division", "do", "docket", "document", "does", "due", "during", "each", "east", "eastern", "effect", "either", "employee", "end", "enter", "entered", "entitled", "entry", "error", "esq", "evidence", "exhibit", "expert", "fact", "failure", "federal", "february", "fee", "file", "filed", "filing", "final", "first", "following", "for", "form", "four", "fraud", "from", "further", "general", "good", "government", "grant", "granted", "group", "harm", "hearing", "held", "her", "here", "hereby", "him", "hon", "honorable", "however", "id", "inc", "including", "information", "injunction", "injury", "interest", "international", "issue", "issued", "its", "january", "jr", "judge", "judgment", "judicial", "july", "june", "jurisdiction", "jury", "just", "law", "lawsuit", "letter", "liability", "limited", "llc", "llp", "ltd", "made", "make", "march", "material", "matter", "may", "member", "memorandum", "more", "motion", "must", "name", "new", "no", "north", "northern", "not", "notice", "november", "number", "october", "office", "officer", "one", "only", "opinion", "opposition", "order", "other", "out", "over", "page", "paragraph", "part", "party", "patent", "pay", "payment", "people", "per", "period", "person", "petition", "petitioner", "plaintiff", "point", "policy", "pp", "present", "pretrial", "prior", "pro", "procedure", "process", "property", "protective", "provide", "provided", "public", "pursuant", "question", "re", "reason", "record", "regarding", "related", "relevant", "relief", "reply", "report", "request", "required", "respect", "respondent", "response", "review", "right", "rule", "said", "same", "san", "schedule", "section", "see", "service", "set", "settlement", "shall", "should", "show", "so", "southern", "state", "statement", "states", "statute", "stipulation", "subject", "summary", "supplemental", "support", "supreme", "take", "than", "through", "time", "timely", "title", "total", "trial", "two", "under", "united", "until", "upon", "use", "used", "usc", "very", "violation", "was", "west", "western", "when", "where", "whether", "who", "within", "without", "witness", "would", "year", "york"])


def is_common(word: str) -> bool:
    return word in COMMON or word.isdigit()


def posted(first: str, second: str) -> bool:
    """Whether the pair "first second" has its own posting list (both words common)."""
    return is_common(first) and is_common(second)


@lru_cache(maxsize=65536)
def fingerprint(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=2).digest(), "big")


def pack(fingerprints: set[int] | frozenset[int]) -> bytes:
    """Sorted 16-bit fingerprints as bytes; `ANY` when there are too many to keep."""
    if len(fingerprints) > MAX_NEIGHBOURS:
        return ANY
    return b"".join(f.to_bytes(2, "big") for f in sorted(fingerprints))


def has(packed: bytes, word: str) -> bool:
    """Whether `word` may be among the neighbours `packed` records."""
    if packed == ANY:
        return True
    want = fingerprint(word).to_bytes(2, "big")
    return any(packed[i:i + 2] == want for i in range(0, len(packed) - 1, 2))


def neighbours(sequences: list[list[str]]) -> dict[str, tuple[set[int], set[int]]]:
    """For each uncommon word: (fingerprints of words after it, of words before it), over the
    unposted pairs of each word sequence (title and body are separate sequences)."""
    out: dict[str, tuple[set[int], set[int]]] = {}
    for terms in sequences:
        for first, second in zip(terms, terms[1:]):
            if posted(first, second):
                continue
            if not is_common(first):
                out.setdefault(first, (set(), set()))[0].add(fingerprint(second))
            if not is_common(second):
                out.setdefault(second, (set(), set()))[1].add(fingerprint(first))
    return out
