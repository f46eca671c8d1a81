"""Text for search: folding (case, æ/ø/å spelled ae/oe/aa, accents stripped), words, queries, and word matching.

`fold` works character by character: the fold of a text is the folds of its
characters joined, so a position in folded text can be mapped back to the
original (`FoldMap`), which is how excerpts highlight the original words.
`parse_query` reads the query language (words, "phrases", forum:, year:,
case:); a `Vocabulary` says which indexed words a query word stands for:
itself, words it begins, words containing it, and words within a typo
(rapidfuzz `process.extract` with `fuzz.ratio` and a score cutoff).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

CONNECTORS = "./:-_"
"""Characters that join word pieces into one compound token: case numbers (81.16.00-P23-1-16), dates, LULS-konceptet."""

_PUNCTUATION = "".join(chr(code) for code in range(33, 127) if not chr(code).isalnum() and chr(code) not in CONNECTORS)
_TO_SPACE = str.maketrans(dict.fromkeys(_PUNCTUATION, " "))
_PIECE = re.compile(r"[^\W_]+")
_COMPOUND = re.compile(r"[^\W_]+(?:[./:\-_][^\W_]+)+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

STOPWORDS = frozenset(
    """
    af alle alt at blev bliver da de dem den denne der deres det dette du efter eller en end er et for fra har have
    hende her hos hun hvad hvis hvor i ikke ind jeg jo kan kun man mange med meget men mig min mod ned noget nu og
    om op os paa sa saa selv sig sin skal som til ud under var ved vi vil vores
    a an and are as be by in is it of on or the to was with
    """.split()
)
"""Words too common to find anything with: not indexed, and optional in a query (they still count in phrases)."""


def _fold_whole(text: str) -> str:
    """The fold of a whole string (fast path for ASCII-only results)."""
    folded = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    if folded.isascii():
        return folded
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    if folded.isascii():
        return folded
    return folded.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The fold of one character (possibly empty, possibly several characters)."""
    return _fold_whole(char)


def fold(text: str) -> str:
    """Text folded for matching: casefolded, æ->ae, ø->oe, å->aa, other accents stripped."""
    return _fold_whole(text)


class FoldMap:
    """A text's fold and the way back: `original(i)` is where folded position i came from."""

    def __init__(self, text: str) -> None:
        """Fold `text`, remembering where each non-ASCII character's fold starts."""
        pieces: list[str] = []
        self._folded_at: list[int] = [0]
        self._original_at: list[int] = [0]
        position = 0
        folded_length = 0
        for match in _NON_ASCII.finditer(text):
            start = match.start()
            ascii_part = text[position:start].lower()
            pieces.append(ascii_part)
            folded_length += len(ascii_part)
            piece = fold_char(match.group())
            pieces.append(piece)
            folded_length += len(piece)
            position = start + 1
            self._folded_at.append(folded_length)
            self._original_at.append(position)
        pieces.append(text[position:].lower())
        self.text = text
        self.folded = "".join(pieces)

    def original(self, folded_index: int) -> int:
        """The original index of the character that produced folded position `folded_index`."""
        slot = bisect_right(self._folded_at, folded_index) - 1
        offset = folded_index - self._folded_at[slot]
        original = self._original_at[slot] + offset
        if slot + 1 < len(self._folded_at):
            original = min(original, self._original_at[slot + 1] - 1)
        return max(0, min(original, len(self.text)))

    def original_end(self, folded_end: int) -> int:
        """The original index just after the character that produced folded position `folded_end - 1`."""
        if folded_end <= 0:
            return 0
        return min(len(self.text), self.original(folded_end - 1) + 1)


def words(folded: str) -> set[str]:
    """The distinct words of folded text: pieces of letters and digits, plus compounds joined by . / : - _."""
    found: set[str] = set()
    for chunk in set(folded.translate(_TO_SPACE).split()):
        if chunk.isalnum():
            found.add(chunk)
            continue
        pieces = _PIECE.findall(chunk)
        found.update(pieces)
        if len(pieces) > 1:
            found.update(_COMPOUND.findall(chunk))
    return found


def index_words(folded: str) -> set[str]:
    """The words worth indexing: `words` without the stopwords."""
    return words(folded) - STOPWORDS


def query_tokens(folded: str) -> list[tuple[str, list[str]]]:
    """The query's tokens in order: (token, its pieces); a compound like 14/6833 keeps its pieces for a fallback."""
    tokens: list[tuple[str, list[str]]] = []
    for chunk in folded.translate(_TO_SPACE).split():
        if chunk.isalnum():
            tokens.append((chunk, [chunk]))
            continue
        pieces = _PIECE.findall(chunk)
        if not pieces:
            continue
        compounds = _COMPOUND.findall(chunk)
        if len(pieces) > 1 and compounds:
            for compound in compounds:
                tokens.append((compound, _PIECE.findall(compound)))
        else:
            tokens.extend((piece, [piece]) for piece in pieces)
    return tokens


# --- queries ----------------------------------------------------------------

_FILTER = re.compile(r'(?<!\S)(forum|year|case|aar|år|sag)\s*:\s*(?:"([^"]*)"?|(\S+))', re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]*)("?)')
_YEAR = re.compile(r"(\d{4})(?:\s*(?:-|\.\.)\s*(\d{4}))?")


@dataclass
class Query:
    """A parsed query: free words, quoted phrases and filters, all folded."""

    text: str
    words: list[tuple[str, bool]]
    phrases: list[tuple[str, bool]]
    forums: list[str]
    years: list[tuple[int, int]]
    cases: list[str]

    @property
    def empty(self) -> bool:
        """True when the query asks for nothing at all."""
        return not (self.words or self.phrases or self.forums or self.years or self.cases)


def parse_query(query: str) -> Query:
    """Split a query into filters, quoted phrases (exact) and words (fuzzy), folding each."""
    forums: list[str] = []
    years: list[tuple[int, int]] = []
    cases: list[str] = []

    def take_filter(match: re.Match[str]) -> str:
        key = fold(match.group(1))
        value = (match.group(2) if match.group(2) is not None else match.group(3)) or ""
        if key == "forum":
            forums.append(" ".join(fold(value).split()))
        elif key in ("year", "aar"):
            found = _YEAR.fullmatch(value.strip())
            if found:
                low = int(found.group(1))
                years.append((low, int(found.group(2) or low)))
        else:
            cases.append(fold(value).strip())
        return " "

    rest = _FILTER.sub(take_filter, query)
    phrases: list[tuple[str, bool]] = []

    def take_phrase(match: re.Match[str]) -> str:
        text = " ".join(fold(match.group(1)).split())
        if text:
            phrases.append((text, bool(match.group(2))))
        return " " + match.group(1) + " "

    free = _PHRASE.sub(take_phrase, rest)
    typing = bool(query) and not query[-1].isspace() and not query.endswith('"')
    tokens = query_tokens(fold(free))
    words: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for position, (token, _pieces) in enumerate(tokens):
        if token in seen:
            continue
        seen.add(token)
        words.append((token, typing and position == len(tokens) - 1))
    text = " ".join(token for token, _ in tokens)
    return Query(text, words, phrases, [value for value in forums if value], years, [value for value in cases if value])


# --- the vocabulary ---------------------------------------------------------

class Vocabulary:
    """The indexed words, sorted for prefixes, joined for infixes, grouped by length for typos."""

    def __init__(self, postings: dict[str, array]) -> None:
        """Index the words of `postings`."""
        self.postings = postings
        self.words = sorted(postings)
        self.joined = "\n" + "\n".join(self.words) + "\n"
        starts = array("I")
        position = 1
        for word in self.words:
            starts.append(position)
            position += len(word) + 1
        self.starts = starts
        self.by_length: dict[int, list[str]] = {}
        for word in self.words:
            if word.isalpha():
                self.by_length.setdefault(len(word), []).append(word)

    def df(self, word: str) -> int:
        """How many rows hold the word (dead rows included)."""
        found = self.postings.get(word)
        return len(found) if found is not None else 0

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` words that begin with `prefix` (not the prefix itself), the most frequent first."""
        low = bisect_left(self.words, prefix)
        high = bisect_left(self.words, prefix + "\U0010ffff", low)
        found = [word for word in self.words[low:high] if word != prefix]
        if len(found) > limit:
            found = heapq.nlargest(limit, found, key=self.df)
        return found

    def containing(self, part: str, limit: int) -> list[str]:
        """Up to `limit` words that contain `part` after their first letter, the most frequent first."""
        found: list[str] = []
        position = self.joined.find(part)
        while position != -1 and len(found) < 2000:
            slot = bisect_right(self.starts, position) - 1
            start = self.starts[slot]
            if position > start:
                found.append(self.words[slot])
            position = self.joined.find(part, position + 1)
        unique = list(dict.fromkeys(found))
        return heapq.nlargest(limit, unique, key=self.df) if len(unique) > limit else unique

    def similar(self, word: str, limit: int) -> list[tuple[str, float]]:
        """Up to `limit` words within a typo or two of `word`: (word, rapidfuzz ratio)."""
        size = len(word)
        spread = max(2, size // 3)
        pool: list[str] = []
        for length in range(max(1, size - spread), size + spread + 1):
            pool.extend(self.by_length.get(length, ()))
        cutoff = 75 if size <= 5 else 78 if size <= 8 else 80
        found = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(choice, score) for choice, score, _ in found if choice != word]
