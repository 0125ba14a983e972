"""Name normalisation: the one form both what people type and what Ashby stores are compared in.

People type "jose alvarez" for José Álvarez, "lukasz zolc" for Łukasz Żółć and "obrien" for O'Brien, so
matching ignores case, Latin/Greek/Cyrillic diacritics and punctuation, and reads Cyrillic in Latin letters
("anna petrova" finds Анна Петрова). Other scripts keep their marks (a Devanagari vowel sign or a kana voicing
mark changes the name), so 李伟 still matches itself.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters NFKD does not decompose into a base letter plus marks (applied to the casefolded result).
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
        "ŋ": "n",
        "ĸ": "k",
        "ƒ": "f",
        "ɨ": "i",
    }
)

#: Cyrillic to Latin (the common Russian/Ukrainian romanisation), so "anna petrova" finds Анна Петрова. Applied to
#: both what is stored and what is typed, so a name typed in Cyrillic still matches itself.
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
    }
)  # fmt: skip

#: Scripts whose diacritics people drop when typing: Latin, Latin Extended Additional, Greek, Cyrillic.
_FOLDABLE_RANGES = ((0x0041, 0x024F), (0x1E00, 0x1EFF), (0x0370, 0x03FF), (0x1F00, 0x1FFF), (0x0400, 0x04FF))

_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _foldable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _FOLDABLE_RANGES)


def normalize(text: str) -> str:
    """Casefolded, without foldable diacritics, punctuation as single spaces: the matching form of a name."""
    if text.isascii():
        return " ".join(_ASCII_SEPARATORS.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    strip_marks = False
    for char in decomposed:
        category = unicodedata.category(char)[0]
        if category == "M":
            if not strip_marks:
                kept.append(char)
        elif category in "LN":
            strip_marks = _foldable(char)
            kept.append(char)
        else:
            strip_marks = False
            kept.append(" ")
    # Recompose what was kept (Hangul syllables, kana with voicing marks) so keys stay readable.
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).translate(_FOLD).translate(_CYRILLIC).split())


def sorted_key(normalized: str) -> str:
    """The tokens in alphabetical order, so "doe jane" and "jane doe" compare equal."""
    return " ".join(sorted(normalized.split()))


def compact(normalized: str) -> str:
    """Without spaces, so "o brien" meets "obrien" and "on site" meets "onsite"."""
    return normalized.replace(" ", "")
