"""The search analyzer: text -> index terms. One function serves the indexer and the query parser.

Steps, in order (each is cheap and predictable, so a user can guess what matches):

1. Unicode compatibility fold (NFKD) and accent stripping: "Müller" -> "muller".
2. Lowercase; words are runs of ASCII letters and digits. Everything else separates words, so
   "U.S.C." becomes "u", "s", "c" and "F.4th" becomes "f", "4th" (single letters are dropped
   below; citations are searched through the `cites` filter, not the full text).
3. Drop stopwords (a short English + legal-boilerplate list) and every one-character word,
   digits included: "7" or "x" occurs on every page (line numbers, list items), so as a term it
   would only make huge posting lists and snippet work; numbers of two digits or more stay. Positions are not kept: phrases are matched through bigrams of the surviving words
   (see `bigrams`), so "motion to dismiss" and "motion dismiss" index alike.
4. Light stemming (S-stemmer after Harman 1991, plus "-ies"): plurals fold onto singulars,
   "claims" -> "claim", "parties" -> "party", but "press", "status" and "analysis" stay whole.
   No suffix stripping beyond plurals: over-stemming hurts legal vocabulary more than it helps.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterator

MAX_WORD = 40  # longer runs are junk from OCR or base64 and never queried

_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so", "such", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "which", "will", "with", "would", "you", "your", "v", "vs"]
)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lowercase ASCII with accents removed; other characters survive as separators."""
    if text.isascii():  # nearly all filing text: nothing to decompose
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def stem(word: str) -> str:
    """Plural folding only (S-stemmer). Digits and short words are left alone."""
    if len(word) <= 3 or word[-1] != "s" or word[-2:] in ("ss", "us", "is") or word[0].isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[-3] in "sxz" and not word.endswith("ses"):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=65536)  # a filing's vocabulary is small next to its word count
def normalize_word(raw: str) -> str | None:
    """One raw word (already folded) -> its index term, or None if it is not indexed."""
    if len(raw) > MAX_WORD or raw in STOPWORDS:
        return None
    if len(raw) == 1:
        return None
    return stem(raw)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) for every indexed word of `text`, offsets into `text` itself.

    The folded text can differ in length from `text` (NFKD splits accented letters), so words are
    found word by word on the original and folded individually: the offsets stay valid for
    highlighting the original.
    """
    for match in re.finditer(r"\w+", text):
        for part in _WORD.finditer(fold(match.group())):
            term = normalize_word(part.group())
            if term is not None:
                yield match.start(), match.end(), term


def tokenize(text: str | None) -> list[str]:
    """The index terms of `text`, in order, duplicates kept (term frequency matters)."""
    if not text:
        return []
    return [term for term in map(normalize_word, _WORD.findall(fold(text))) if term is not None]


def bigram(first: str, second: str) -> str:
    """The term under which the pair "first second" is indexed. Words never contain "_"."""
    return f"{first}_{second}"


def bigrams(terms: list[str]) -> list[str]:
    return [bigram(a, b) for a, b in zip(terms, terms[1:])]


def normalize_value(value: str | None) -> str:
    """A filter value (party, judge, citation) in the form stored in FIELD postings.

    Lowercase, accents folded, punctuation dropped, "§" ignored, whitespace collapsed:
    "18 U.S.C. § 1030" -> "18 usc 1030", "17 F.4th 930" -> "17 f4th 930".
    """
    if not value:
        return ""
    text = fold(value).replace("§", " ")
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def normalize_citation(value: str | None) -> str:
    """A citation as a compact key: letters and digits only, pinpoints in parentheses dropped.

    "17 F.4th 930" == "17 F. 4th 930" -> "17f4th930"; "18 U.S.C. § 1030(a)(2)" == "18 USC 1030"
    -> "18usc1030".
    """
    if not value:
        return ""
    text = re.sub(r"\([^)]*\)", "", fold(value))
    return "".join(_WORD.findall(text))


_NAME_NOISE = frozenset(
    ["hon", "honorable", "judge", "justice", "magistrate", "chief", "district", "senior", "the", "inc", "llc", "ltd", "corp", "co", "lp", "llp", "plc", "na"]
)


def normalize_name(value: str | None) -> str:
    """A party or judge name for exact matching: `normalize_value` without titles and corporate
    suffixes, so "Hon. William H. Alsup" == "william h alsup" and "Google LLC" == "google"."""
    parts = [p for p in normalize_value(value).split() if p not in _NAME_NOISE]
    return " ".join(parts)
