"""Folding text for search (case, æ/ø/å spelled ae/oe/aa, accents stripped) and cutting folded text into words.

`fold` works character by character: the fold of a text is the folds of its
characters joined, so a position in folded text can be mapped back to the
original (`FoldMap`), which is how excerpts highlight the original words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

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


def is_word_char(char: str) -> bool:
    """True for a character that belongs to a word piece (so a match next to it is not at a word boundary)."""
    return char.isalnum()
