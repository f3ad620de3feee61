"""Text helpers for Vietnamese: folding for diacritic-insensitive search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ/Đ to d: "Nguyễn Văn Đức" -> "nguyen van duc".

    Unicode decomposition removes tone and vowel marks, but đ is a letter of its own (not d plus a mark),
    so it is mapped by hand.
    """
    text = unicodedata.normalize("NFD", text or "").lower().replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", text).strip()
