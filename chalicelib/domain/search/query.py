"""The `q` language: bare words and "quoted phrases".

* Bare words are optional terms: a filing matching more of them ranks first, then by score.
* A quoted phrase is required: the filing must contain its words adjacently (after stopwords are
  dropped, see `tokenize`). Each adjacent pair of common words is checked through its own
  posting list (`required`); any other pair through the neighbour fingerprints on the postings
  of its uncommon word(s) (`pairs`, see `phrases`). A phrase that reduces to one word is a
  required word.
* An unclosed quote runs to the end of `q`. Words and phrases are analyzed by the same tokenizer
  as the index, and duplicates are dropped.

Limits keep a query's cost bounded: at most `MAX_TERMS` words, `MAX_PHRASES` phrases of
`MAX_PHRASE_WORDS` words, and `MAX_LISTS` posting lists in all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.search.phrases import is_common, posted
from chalicelib.domain.search.tokenize import bigram, tokenize

MAX_TERMS = 8
MAX_PHRASES = 3
MAX_PHRASE_WORDS = 6
MAX_LISTS = 10  # words + phrase bigrams: each is read once per term shard

_QUOTED = re.compile(r'"([^"]*)"?')


class QueryError(ValueError):
    """`q` cannot be searched; the message says why, for a 422."""


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # optional words, in query order
    phrases: tuple[tuple[str, ...], ...]  # required word sequences (≥ 1 word each)

    @property
    def required(self) -> tuple[str, ...]:
        """Index terms every match must have: posted phrase pairs, or the word of a 1-word phrase."""
        out: list[str] = []
        for phrase in self.phrases:
            found = [bigram(a, b) for a, b in zip(phrase, phrase[1:]) if posted(a, b)]
            for term in (found if len(phrase) > 1 else [phrase[0]]):
                if term not in out:
                    out.append(term)
        return tuple(out)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Adjacent phrase pairs without their own list, matched through neighbour fingerprints."""
        out: list[tuple[str, str]] = []
        for phrase in self.phrases:
            for pair in zip(phrase, phrase[1:]):
                if not posted(*pair) and pair not in out:
                    out.append(pair)
        return tuple(out)

    @property
    def pair_lists(self) -> tuple[str, ...]:
        """The uncommon words of `pairs`: their lists find the pairs' filings."""
        out: list[str] = []
        for pair in self.pairs:
            out += [w for w in pair if not is_common(w) and w not in out]
        return tuple(out)

    @property
    def lists(self) -> tuple[str, ...]:
        """Every posting list a query reads: optional terms first, then required ones, then the
        lists of fingerprinted pairs."""
        required = self.required
        head = tuple(t for t in self.terms if t not in required) + required
        return head + tuple(w for w in self.pair_lists if w not in head)

    @property
    def highlight(self) -> frozenset[str]:
        """Words to mark in snippets."""
        return frozenset(self.terms) | frozenset(w for p in self.phrases for w in p)


def parse(q: str) -> ParsedQuery:
    phrases: list[tuple[str, ...]] = []
    for match in _QUOTED.finditer(q):
        words = tuple(tokenize(match.group(1)))
        if len(words) > MAX_PHRASE_WORDS:
            raise QueryError(f"a phrase has {len(words)} words; at most {MAX_PHRASE_WORDS} are allowed")
        if words and words not in phrases:
            phrases.append(words)
    bare = _QUOTED.sub(" ", q)
    terms: list[str] = []
    for term in tokenize(bare):
        if term not in terms:
            terms.append(term)
    if not terms and not phrases:
        raise QueryError("q has no searchable words (only stopwords or punctuation)")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"q has {len(terms)} words; at most {MAX_TERMS} are searched")
    if len(phrases) > MAX_PHRASES:
        raise QueryError(f"q has {len(phrases)} phrases; at most {MAX_PHRASES} are allowed")
    parsed = ParsedQuery(terms=tuple(terms), phrases=tuple(phrases))
    if len(parsed.lists) > MAX_LISTS:
        raise QueryError(f"q needs {len(parsed.lists)} posting lists; at most {MAX_LISTS} (fewer words)")
    return parsed
