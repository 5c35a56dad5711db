"""Unicode tidying of output text: NFC, and characters that print nothing dropped.

Pages come in decomposed form (NFD: "Mu\u0308ller", a macOS copy-paste, some CMSs) or carry soft
hyphens, zero-width spaces and stray control characters. A reader sees none of them, but they
split words for search, break phrase matching ("Mehr zum The\u00adma") and make equal texts hash
differently. Applied to what extraction outputs and to the short lines the phrase rules read, not
to whole pages: a page is 20 times longer than its text, and ASCII text needs no work at all.

Zero-width (non-)joiners are kept: they are spelling in Persian, Indic scripts and emoji.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["tidy"]

# Soft hyphen, zero-width space, word joiner, BOM / zero-width no-break space, and the C0 and C1
# control characters other than tab, line feed and carriage return.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")


def tidy(text: str) -> str:
    """``text`` in NFC without invisible characters."""
    text = _INVISIBLE.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
