"""Bytes to text: the one place that decides how a page's bytes are read.

selectolax (lexbor) assumes UTF-8; ``to_text`` turns whatever arrived into clean text, and
``to_markup`` gives that text's UTF-8 beside it, for the parser. For bytes, the encoding is
chosen in this order of precedence:

1. A byte order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (UTF-32 is checked before UTF-16, whose
   BOM it starts with). Without a BOM, UTF-16/32 is recognised by where the NULs of its ASCII
   markup fall (one byte lane of every code unit); ASCII-compatible HTML has no NULs at all.
2. A declared charset: ``http_charset`` (from the Content-Type header), then ``<meta charset=...>``
   or ``<meta http-equiv="Content-Type" content="...; charset=...">``, then
   ``<?xml ... encoding=...?>``, prescanned in the first 4 KiB. Labels are normalised the way the
   WHATWG Encoding standard does: iso-8859-1, latin1 and ascii mean windows-1252 (browsers read
   them so, and pages rely on it for curly quotes); a UTF-16/32 label on bytes that are not
   UTF-16/32 means UTF-8; labels browsers do not know (utf-7, base64, ...) are ignored.
3. Valid UTF-8 beats a declared legacy charset when the bytes hold multibyte sequences: a page
   that says ``windows-1252`` but is valid UTF-8 with non-ASCII text was written as UTF-8 (CMS
   templates often keep an old meta). Pure-ASCII bytes read the same in every ASCII-compatible
   charset, so only a 7-bit charset such as ISO-2022-JP is decoded as declared there. A
   declaration whose strict decode fails is not trusted. Invalid UTF-8 that is *mostly* UTF-8
   (a truncated page, one stray byte) stays UTF-8, with replacement characters.
4. Detection with ``charset_normalizer``, only when nothing above decided (it is slow).
5. windows-1252 with replacement characters, which decodes anything.

Whatever the path, the result never holds NUL characters or lone surrogates (they would make
selectolax's UTF-8 encode fail), and the only exceptions raised are ``CleanerError``\\ s:
``InputTooLargeError`` past ``ExtractSettings.max_input_bytes`` (characters, for ``str``) and
``NotHTMLError`` for images, archives, PDFs and other binary data.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from cleaner.errors import InputTooLargeError, NotHTMLError, UsageError
from cleaner.settings import ExtractSettings

__all__ = ["Markup", "to_markup", "to_text"]

logger = logging.getLogger(__name__)


def _names(words: str) -> list[str]:
    """Split a space-separated list: long vocabularies stay readable as one wrapped string."""
    return words.split()


_DEFAULT_SETTINGS = ExtractSettings()

#: How far the meta prescan and the binary check look, as browsers do for the prescan.
_SAMPLE_BYTES = 4096

#: Magic numbers of formats that are sometimes served or stored as if they were HTML.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Office) document"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00asm", "WebAssembly module"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)
_MAGIC_TEXT_PREFIXES = tuple(magic.decode("latin-1") for magic in _MAGIC_PREFIXES)

#: Byte order marks and the codec that reads what follows them; UTF-32 first (see docstring).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: C0 controls that never appear in text (tab, LF, FF, CR and ESC, used by ISO-2022-JP, are
#: kept out), plus DEL. Binary data is full of them; an HTML page has next to none.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MIN_CONTROLS = 8
_MAX_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:()-]+)")
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']\s*([a-z0-9_.:()-]+)")

#: WHATWG labels that Python spells differently.
_LABEL_ALIASES = {
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "iso-8859-8-i": "iso8859-8",
    "x-gbk": "gbk",
    "x-x-big5": "big5",
    "unicode": "utf-16",
    "ucs-2": "utf-16",
    "unicodefffe": "utf-16-be",
}

#: Where the WHATWG Encoding standard reads a charset as a wider one, keyed by Python codec name.
_WHATWG_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "utf-8-sig": "utf-8",
}

#: Python codec names (as ``codecs.lookup(...).name`` spells them) of the encodings browsers
#: implement; any other label is ignored. Not looked up here: that would import 40 codecs.
_HTML_CODECS = frozenset(
    _names(
        "utf-8 utf-16-le utf-16-be utf-16 utf-32-le utf-32-be utf-32 cp866 iso8859-2 iso8859-3"
        " iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 iso8859-13 iso8859-14"
        " iso8859-15 iso8859-16 koi8-r koi8-u mac-roman mac-cyrillic cp874 cp1250 cp1251 cp1252"
        " cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 gbk gb18030 big5hkscs euc_jp iso2022_jp cp932"
        " cp949"
    )
)
#: How much more "chaos" (charset_normalizer's measure of implausible text) still counts as a tie.
_CHAOS_TIE = 0.01
_DETECTABLE = (
    *sorted(name.replace("-", "_") for name in _HTML_CODECS if not name.startswith("utf-")),
    "utf_8",
)
_UNICODE_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})

#: Declared 7-bit charsets whose ASCII bytes do not mean ASCII text.
_SEVEN_BIT = frozenset({"iso2022_jp"})


@dataclass(frozen=True, slots=True)
class Markup:
    """A page ready to parse: its text, and the same text as the UTF-8 that lexbor reads, made
    once (a valid UTF-8 page keeps its own bytes; a ``str`` is encoded once, not once more by
    the parser)."""

    text: str
    utf8: bytes


def to_text(
    data: str | bytes, *, http_charset: str | None = None, settings: ExtractSettings | None = None
) -> str:
    """Return ``data`` as text selectolax can take, following the module's precedence.

    Raises ``InputTooLargeError`` above ``settings.max_input_bytes`` (characters for ``str``),
    ``NotHTMLError`` for binary data and ``UsageError`` for anything but ``str`` or bytes.
    """
    return to_markup(data, http_charset=http_charset, settings=settings).text


def to_markup(
    data: str | bytes, *, http_charset: str | None = None, settings: ExtractSettings | None = None
) -> Markup:
    """``to_text``, with the UTF-8 of the text beside it."""
    limit = (settings or _DEFAULT_SETTINGS).max_input_bytes
    if isinstance(data, str):
        _check_size(len(data), limit, "characters")
        return _clean_str(data)
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise UsageError(f"the page must be str or bytes (its HTML), not {type(data).__name__}")
    _check_size(len(data), limit, "bytes")
    return _decode_bytes(data, http_charset)


def _check_size(size: int, limit: int, unit: str) -> None:
    if size > limit:
        raise InputTooLargeError(f"input has {size} {unit}, more than the limit of {limit}")


# --- str input -------------------------------------------------------------------------------


def _clean_str(text: str) -> Markup:
    """Check and repair text that someone else decoded.

    Lone surrogates (from ``surrogateescape`` decoding or broken JSON) make the UTF-8 encode
    raise; surrogate pairs are joined and lone ones become U+FFFD. NULs become U+FFFD, as the
    HTML tokenizer treats them. The encode that finds them gives the parser its bytes.
    """
    if text.startswith(_MAGIC_TEXT_PREFIXES):
        raise NotHTMLError(f"input is {_magic_name(text.encode('latin-1', 'replace'))}")
    text = text.removeprefix("\ufeff")
    _reject_controls(text[:_SAMPLE_BYTES].encode("utf-8", "surrogatepass"))
    try:
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        utf8 = text.encode("utf-8")
    if b"\x00" in utf8:
        text = text.replace("\x00", "\ufffd")
        utf8 = text.encode("utf-8")
    return Markup(text, utf8)


# --- bytes input -----------------------------------------------------------------------------


def _decode_bytes(data: bytes, http_charset: str | None) -> Markup:
    """Decode following the module's precedence; the common valid-UTF-8 page takes one decode
    and keeps its bytes."""
    if data.startswith(_MAGIC_PREFIXES):
        raise NotHTMLError(f"input is {_magic_name(data)}")
    signature = _unicode_signature(data)
    if signature is not None:
        encoding, skip = signature
        if encoding == "utf-8":
            _reject_controls(data[skip : skip + _SAMPLE_BYTES])
        return _encoded(_without_nul(data[skip:].decode(encoding, "replace")))
    _reject_controls(data[:_SAMPLE_BYTES])
    text, as_utf8 = _legacy_or_utf8(data, http_charset)
    if b"\x00" in data:
        return _encoded(text.replace("\x00", "\ufffd"))
    return Markup(text, data) if as_utf8 else _encoded(text)


def _encoded(text: str) -> Markup:
    return Markup(text, text.encode("utf-8"))


def _legacy_or_utf8(data: bytes, http_charset: str | None) -> tuple[str, bool]:
    """Steps 2 to 5 of the precedence, for bytes in an ASCII-compatible encoding; and whether
    the text is exactly the bytes read as UTF-8."""
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None:
        # Valid UTF-8 with multibyte sequences is UTF-8, whatever was declared; pure ASCII reads
        # differently only in a declared 7-bit charset, whose escapes start with ESC.
        if len(utf8) == len(data) and b"\x1b" in data:
            declared = _ascii_as_declared(data, _declared_encodings(data, http_charset))
            return (declared, False) if declared else (utf8, True)
        return utf8, True
    for encoding in _declared_encodings(data, http_charset):
        text = _strict_decode(data, encoding)
        if text is not None:
            return text, False
        logger.debug("declared charset %s does not decode the page; ignoring it", encoding)
    return _mostly_utf8(data) or _detect(data) or data.decode("cp1252", "replace"), False


def _magic_name(data: bytes) -> str:
    return next((name for magic, name in _MAGIC if data.startswith(magic)), "binary data")


def _unicode_signature(data: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 codec and BOM length (or the UTF-8 BOM), from a BOM or the NUL pattern."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    head = data[:512]
    if b"\x00" not in head:
        return None
    sniffed = _nul_pattern(head)
    return (sniffed, 0) if sniffed else None


def _nul_pattern(head: bytes) -> str | None:
    """UTF-16/32 without a BOM: markup's ASCII puts NULs in the high bytes of its code units.

    UTF-32 has (nearly) all of its two high bytes NUL. UTF-16 has NULs in one byte lane only:
    at least 10% of code units (the markup, even on a page of CJK text), against a few in the
    other lane; random data has about 0.4% in both.
    """
    size = len(head) - len(head) % 4
    if size < 8:
        return None
    head = head[:size]
    lanes = [head[i::4].count(0) for i in range(4)]
    quarter = size // 4
    if lanes[3] == quarter and lanes[2] * 10 >= quarter * 9 and lanes[0] * 2 < quarter:
        return "utf-32-le"
    if lanes[0] == quarter and lanes[1] * 10 >= quarter * 9 and lanes[3] * 2 < quarter:
        return "utf-32-be"
    even, odd = lanes[0] + lanes[2], lanes[1] + lanes[3]
    units = size // 2
    if odd * 10 >= units and even * 8 <= odd:
        return "utf-16-le"
    if even * 10 >= units and odd * 8 <= even:
        return "utf-16-be"
    return None


def _reject_controls(sample: bytes) -> None:
    """Raise ``NotHTMLError`` when the sample holds the control bytes of binary data.

    Random bytes are about 11% such controls; text has none, so 5% leaves a wide margin both
    ways, and a handful of stray NULs in a real page does not reject it.
    """
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls >= _MIN_CONTROLS and controls > len(sample) * _MAX_CONTROL_SHARE:
        raise NotHTMLError(
            f"input looks binary: {controls} control characters in its first {len(sample)} bytes"
        )


def _without_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _declared_encodings(data: bytes, http_charset: str | None) -> list[str]:
    """Python codec names declared by the HTTP header, then the document, in precedence order."""
    sample = data[:_SAMPLE_BYTES].lower()
    match = _META_CHARSET.search(sample) or _XML_ENCODING.search(sample)
    labels = [http_charset, match.group(1).decode("ascii") if match else None]
    names: list[str] = []
    for label in labels:
        name = _codec_name(label) if label else None
        if name and name not in names:
            names.append(name)
    return names


@lru_cache(maxsize=64)
def _codec_name(label: str) -> str | None:
    """Normalise a charset label to the Python codec browsers would use, or None if unknown."""
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(label, label)).name
    except (LookupError, ValueError):  # unknown, or not a name at all ("utf\x00-8")
        return None
    name = _WHATWG_SUPERSETS.get(name, name)
    if name in _UNICODE_WIDE:
        return "utf-8"  # reached only without a BOM or NUL pattern, i.e. not UTF-16/32 bytes
    return name if name in _HTML_CODECS else None


def _ascii_as_declared(data: bytes, declared: list[str]) -> str | None:
    """Pure-ASCII bytes declared in a 7-bit charset such as ISO-2022-JP, decoded as declared."""
    for encoding in declared:
        if encoding in _SEVEN_BIT:
            return _strict_decode(data, encoding)
    return None


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences (a page cut mid-character, one stray byte), or None.

    Each non-ASCII character read correctly makes the text shorter than the bytes; a legacy page
    read as UTF-8 instead yields one replacement character per accented letter and almost no
    valid multibyte sequences.
    """
    text = data.decode("utf-8", "replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = len(data) - len(text)
    return text if multibyte > 0 and errors * 8 <= multibyte else None


def _detect(data: bytes) -> str | None:
    """Let charset_normalizer guess; imported here because importing it costs ~35 ms."""
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data, cp_isolation=list(_DETECTABLE)))
    except Exception:  # third-party boundary: a detector failure must not escape as such
        logger.debug("charset detection failed", exc_info=True)
        return None
    if not matches:
        return None
    encoding = _pick_detected(
        [(m.encoding, m.chaos, tuple(m.could_be_from_charset)) for m in matches]
    )
    logger.debug("charset detected as %s", encoding)
    return data.decode(encoding, "replace")


def _pick_detected(matches: list[tuple[str, float, tuple[str, ...]]]) -> str:
    """The detector's choice (best first), except that windows-1252 wins a near tie, as browsers.

    Candidates are limited to the charsets browsers know (left free, charset_normalizer reads
    French windows-1252 as mac_latin2), and on a page that is mostly ASCII it cannot tell
    windows-1252 from windows-1250 or ISO-8859-13 (equal "chaos"), where it then picks by
    language guesses that a few accented words do not support.
    """
    best_chaos = min(chaos for _, chaos, _ in matches)
    for encoding, chaos, equivalents in matches:
        if chaos <= best_chaos + _CHAOS_TIE and "cp1252" in (encoding, *equivalents):
            return "cp1252"
    return matches[0][0]  # charset_normalizer's own best
