"""A query's words as terms: each expanded against the index's vocabulary, weighed, and placed (a forum's name, a year).

Each query word stands for the indexed words it matches (`expand`): the word
itself, words it begins (the word being typed, Danish compounds), words that
contain it, and words within a typo (rapidfuzz). A rarer word weighs more; a
word that names a forum or a year may also be satisfied by where a row is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from repo_layout.search.columns import Columns
from repo_layout.search.textfold import STOPWORDS, Query


@dataclass
class Term:
    """One word of a query, with what it matches in the vocabulary."""

    text: str
    last: bool
    optional: bool
    expansions: list[tuple[str, float]] = field(default_factory=list)
    idf: float = 1.0
    forums: dict[int, float] = field(default_factory=dict)
    year: int | None = None

    @property
    def context_only(self) -> bool:
        """True when the word may be satisfied by where a row is (its forum or year) rather than by its text."""
        return bool(self.forums) or self.year is not None

    def exactly(self, word: str) -> bool:
        """True when an indexed word matches this one exactly or as its beginning; else the match is approximate."""
        return word.startswith(self.text)

    @property
    def spelled(self) -> bool:
        """True when the word is found exactly or as a beginning: its approximate matches then rank after those."""
        return any(self.exactly(word) for word, _ in self.expansions)


def expand(columns: Columns, text: str, last: bool) -> list[tuple[str, float]]:
    """The indexed words a query word stands for, with a match quality (1.0 exact), best first."""
    key = (text, last)
    cached = columns.expansions.get(key)
    if cached is not None:
        return cached
    vocabulary = columns.vocabulary()
    found: dict[str, float] = {}
    if text in columns.postings:
        found[text] = 1.0
    size = len(text)
    letters = text.isalpha()
    if size >= 2:
        limit = 8 if size == 2 else 24
        for word in vocabulary.prefixed(text, limit):
            extra = min(len(word) - size, 12)
            found.setdefault(word, (0.96 if last else 0.88) - 0.004 * extra)
    if size >= 4 and letters:
        for word in vocabulary.containing(text, 12):
            found.setdefault(word, 0.7)
        for word, score in vocabulary.similar(text, 12):
            found.setdefault(word, 0.9 * score / 100)
    expansions = sorted(found.items(), key=lambda item: -item[1])
    if len(columns.expansions) > 512:
        columns.expansions.clear()
    columns.expansions[key] = expansions
    return expansions


def phrase_pattern(phrase: str, closed: bool) -> re.Pattern[str]:
    """A folded phrase as a pattern: its words in order, any whitespace between, whole words (the last one open while typed)."""
    words = r"\s+".join(re.escape(part) for part in phrase.split())
    return re.compile(r"(?<![^\W_])" + words + (r"(?![^\W_])" if closed else ""))


def _word_likeness(term: Term, word: str) -> float:
    """How well a query word matches a word of a forum's name (which need not occur in any row)."""
    if word == term.text:
        return 1.0
    if len(term.text) >= 2 and word.startswith(term.text):
        return 0.96 if term.last else 0.88
    if len(term.text) >= 4 and term.text.isalpha():
        score = fuzz.ratio(term.text, word, score_cutoff=78)
        if score:
            return 0.9 * score / 100
    return 0.0


class PreparedQuery:
    """One query against an index's columns, ready to run: its words as terms, its phrases as patterns."""

    def __init__(self, columns: Columns, query: Query) -> None:
        """Expand the query's words against the index's vocabulary."""
        self.columns = columns
        self.query = query
        self.terms: list[Term] = []
        total = max(1, len(columns.r_text) - columns.dead_rows)
        words = list(query.words)
        for token, last in words:
            term = Term(token, last, token in STOPWORDS and not last)
            if term.optional:
                continue
            term.expansions = expand(columns, token, last)
            if not term.expansions and not token.isalnum():
                for piece in re.findall(r"[^\W_]+", token):
                    if piece not in STOPWORDS:
                        extra = Term(piece, False, False)
                        extra.expansions = expand(columns, piece, False)
                        self._context(extra)
                        self._weigh(extra, total)
                        self.terms.append(extra)
                continue
            self._context(term)
            self._weigh(term, total)
            self.terms.append(term)
        self.phrases = [phrase_pattern(phrase, closed) for phrase, closed in query.phrases]
        self.text = query.text

    def _context(self, term: Term) -> None:
        """Where a word may match a row's place instead of its text: a forum's name, or the meeting's year."""
        words = dict(term.expansions)
        for forum, tokens in enumerate(self.columns.forum_tokens):
            best = max((words.get(word) or _word_likeness(term, word) for word in tokens), default=0.0)
            if best:
                term.forums[forum] = best
        if len(term.text) == 4 and term.text.isdigit() and 1900 <= int(term.text) <= 2100:
            term.year = int(term.text)

    def _weigh(self, term: Term, total: int) -> None:
        """The word's weight: rarer words count more (a mild inverse document frequency)."""
        vocabulary = self.columns.vocabulary()
        frequency = sum(vocabulary.df(word) for word, _ in term.expansions[:8])
        term.idf = math.log(1 + total / (1 + min(frequency, total)))
