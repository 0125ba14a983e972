"""Text folding so searches match the way people type names (no accents, any case)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that carry no combining mark, so NFKD alone would not reduce them.
_BASE_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "þ": "th",
        "Þ": "TH",
        "’": "'",
        "‘": "'",
    }
)


@lru_cache(maxsize=65536)  # seeding folds the same few thousand names over and over
def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form: ``"  Zoë  ÅNGSTRÖM"`` -> ``"zoe angstrom"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def ascii_slug(text: str) -> str:
    """Letters and digits only, for building e-mail addresses from names."""
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())
