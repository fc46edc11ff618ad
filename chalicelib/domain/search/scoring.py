"""BM25-style ranking split in two: an impact per (term, filing) fixed at index time, and a
query-time combination with the term's rarity.

Index time (`impact`): BM25F term-frequency saturation. Each field's frequency is normalised by
that field's own length (title against `AVG_TITLE_LEN`, body against `AVG_DOC_LEN`), the title's
weighted by `TITLE_WEIGHT`, and the sum saturates as in BM25: a title match therefore outranks a
passing mention in the body, however long the filing. The result, in [0, K1 + 1), is quantised to an int 0..999_999 that sorts each
term's postings best-first (`keys.posting` stores 999_999 - impact). Collection statistics are
not known per filing, so the average length is a constant (`AVG_DOC_LEN`, a typical filing).

Query time (`score`): Σ idf(term) · impact(term, filing) over the lists a filing was found in.
Document frequencies come from what the query read (`estimate_df`): exact when every shard of
a term's list was read to its end, otherwise a conservative "common term" estimate. Filings
matching more of the query's words rank first (`rank_key`), then by score, then by id.
"""
from __future__ import annotations

import math

K1 = 1.2
B = 0.75  # body length normalisation
B_TITLE = 0.5
TITLE_WEIGHT = 5.0
AVG_DOC_LEN = 2_000  # index terms in a typical filing body (about eight pages)
AVG_TITLE_LEN = 8
MAX_IMPACT = 999_999


def weighted_tf(title_tf: int, body_tf: int, body_len: int, title_len: int = AVG_TITLE_LEN) -> float:
    title = title_tf / (1 - B_TITLE + B_TITLE * max(title_len, 1) / AVG_TITLE_LEN)
    body = body_tf / (1 - B + B * max(body_len, 1) / AVG_DOC_LEN)
    return TITLE_WEIGHT * title + body


def impact(title_tf: int, body_tf: int, body_len: int, title_len: int = AVG_TITLE_LEN) -> int:
    """Quantised BM25F term weight of one term in one filing, 0..999_999."""
    tf = weighted_tf(title_tf, body_tf, body_len, title_len)
    if tf <= 0:
        return 0
    weight = tf * (K1 + 1) / (tf + K1)
    return max(1, min(MAX_IMPACT, round(weight / (K1 + 1) * MAX_IMPACT)))


def idf(df: float, n: float) -> float:
    """BM25's idf, never negative: log(1 + (N - df + 0.5) / (df + 0.5))."""
    n = max(n, df, 1)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def estimate_df(read: int, exhausted: bool, n: int) -> float:
    """A term's document frequency from a prefix read: exact if the list was read to its end;
    otherwise at least what was read and assumed common (half the archive)."""
    if exhausted:
        return float(read)
    return float(max(read, n / 2))


def score(impacts: dict[str, int], idfs: dict[str, float]) -> float:
    """Σ idf · impact (impact rescaled to BM25's [0, K1 + 1) range)."""
    return sum(idfs.get(term, 0.0) * value / MAX_IMPACT * (K1 + 1) for term, value in impacts.items())


def rank_key(matched: int, value: float, filing_id: str) -> tuple[int, float, str]:
    """Sort key, ascending = best first: more matched words, higher score, then id."""
    return (-matched, -round(value, 9), filing_id)
