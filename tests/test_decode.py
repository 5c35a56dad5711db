"""``to_text``: bytes or str in, text for selectolax out, following the documented precedence."""

from __future__ import annotations

import codecs
import random
import time
from typing import Any

import charset_normalizer
import pytest

from cleaner.decode import to_markup, to_text
from cleaner.errors import InputTooLargeError, NotHTMLError, UsageError
from cleaner.settings import ExtractSettings

FRENCH = "Le café était très agréable, à côté de l'église où nous déjeunions souvent. " * 12
RUSSIAN = "Это проверка кодировки текста на русском языке, довольно длинная фраза. " * 12
POLISH = "Zażółć gęślą jaźń. Władze miasta ogłosiły, że nowy budżet będzie większy. " * 12
JAPANESE = "日本語のテキストです。これは文字コードを確かめるための長い文章です。" * 12


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>Test</title></head><body><p>{body}</p></body></html>"


@pytest.fixture
def detector_calls(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Record every call of charset_normalizer (imported lazily, so patching the module works)."""
    calls: list[bytes] = []
    real = charset_normalizer.from_bytes

    def spy(data: bytes, **kwargs: Any) -> Any:
        calls.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    return calls


# --- 1. byte order marks and UTF-16/32 ----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_bom_decides_the_encoding_and_is_dropped(encoding: str) -> None:
    html = page(FRENCH, "<meta charset='iso-8859-1'>")
    data = html.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert to_text(data) == html


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_bom_are_recognised_by_their_nul_bytes(encoding: str) -> None:
    html = page(JAPANESE)
    assert to_text(html.encode(encoding)) == html


# --- 2. declared charsets ---------------------------------------------------------------------


def test_http_charset_decodes_a_legacy_page() -> None:
    html = page(RUSSIAN)
    assert to_text(html.encode("cp1251"), http_charset="windows-1251") == html


@pytest.mark.parametrize(
    "head",
    [
        "<meta charset='windows-1251'>",
        '<META CHARSET="cp1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_meta_charset_decodes_a_legacy_page(head: str) -> None:
    html = page(RUSSIAN, head)
    assert to_text(html.encode("cp1251")) == html


def test_xml_declaration_is_a_declared_charset() -> None:
    html = '<?xml version="1.0" encoding="koi8-r"?>' + page(RUSSIAN)
    assert to_text(html.encode("koi8-r")) == html


def test_http_charset_takes_precedence_over_meta() -> None:
    html = page(RUSSIAN, "<meta charset='koi8-r'>")
    assert to_text(html.encode("cp1251"), http_charset="cp1251") == html


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    html = page("\u201cQuoted\u201d \u2014 caf\u00e9")  # curly quotes exist only in windows-1252
    assert to_text(html.encode("cp1252"), http_charset="ISO-8859-1") == html


def test_declared_utf16_on_ascii_compatible_bytes_means_utf8() -> None:
    html = page(FRENCH, "<meta charset='utf-16'>")
    assert to_text(html.encode("utf-8")) == html


@pytest.mark.parametrize("label", ["utf-7", "base64", "rot13", "no-such-charset", ""])
def test_labels_browsers_do_not_know_are_ignored(label: str) -> None:
    html = page(FRENCH, f"<meta charset='{label}'>")
    assert to_text(html.encode("utf-8"), http_charset=label) == html


def test_seven_bit_iso_2022_jp_is_decoded_as_declared() -> None:
    html = page(JAPANESE, "<meta charset='iso-2022-jp'>")
    data = html.encode("iso2022_jp")
    assert data.isascii()
    assert to_text(data) == html


# --- 3. valid UTF-8 and declarations that lie -------------------------------------------------


def test_valid_utf8_beats_a_meta_claiming_latin1() -> None:
    html = page(FRENCH, "<meta charset='iso-8859-1'>")
    assert to_text(html.encode("utf-8")) == html


def test_valid_utf8_beats_an_http_charset_claiming_a_legacy_encoding() -> None:
    html = page(RUSSIAN)
    assert to_text(html.encode("utf-8"), http_charset="windows-1251") == html


def test_meta_claiming_utf8_on_windows_1252_bytes_is_not_trusted() -> None:
    html = page(FRENCH, "<meta charset='utf-8'>")
    assert to_text(html.encode("cp1252")) == html


def test_failing_http_charset_falls_back_to_the_meta() -> None:
    html = page(FRENCH, "<meta charset='windows-1252'>")
    assert to_text(html.encode("cp1252"), http_charset="utf-8") == html


def test_truncated_utf8_stays_utf8_with_a_replacement_character() -> None:
    data = page(FRENCH).encode("utf-8") + "é".encode()[:1]
    assert to_text(data) == page(FRENCH) + "\ufffd"


def test_one_stray_byte_in_utf8_stays_utf8() -> None:
    html = page(RUSSIAN)
    data = html.encode("utf-8")
    middle = len(data) // 2
    while data[middle] >= 0x80:  # put the stray byte between two characters
        middle += 1
    before = len(data[:middle].decode())
    assert (
        to_text(data[:middle] + b"\xff" + data[middle:]) == html[:before] + "\ufffd" + html[before:]
    )


# --- 4. and 5. detection and the last resort ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (FRENCH, "cp1252"),
        (POLISH, "cp1250"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (JAPANESE, "shift_jis"),
    ],
)
def test_undeclared_legacy_encodings_are_detected(body: str, encoding: str) -> None:
    html = page(body)
    assert to_text(html.encode(encoding)) == html


def test_valid_utf8_never_runs_the_detector(detector_calls: list[bytes]) -> None:
    to_text(page(FRENCH, "<meta charset='iso-8859-1'>").encode("utf-8"))
    to_text(page("plain ascii").encode("ascii"))
    assert detector_calls == []


def test_a_failing_detector_falls_back_to_windows_1252(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, **kwargs: Any) -> Any:
        raise RuntimeError("detector bug")

    monkeypatch.setattr(charset_normalizer, "from_bytes", broken)
    html = page(FRENCH)
    assert to_text(html.encode("cp1252")) == html


def test_a_valid_utf8_page_of_200_kb_decodes_in_well_under_a_millisecond() -> None:
    data = page((FRENCH + RUSSIAN) * 80).encode("utf-8")
    assert len(data) > 200_000
    best = min(_seconds(to_text, data) for _ in range(20))
    assert best < 0.001, "the fast path is gone (charset detection takes tens of ms)"


def _seconds(function: Any, argument: Any) -> float:
    start = time.perf_counter()
    function(argument)
    return time.perf_counter() - start


# --- errors -----------------------------------------------------------------------------------


def test_bytes_over_the_limit_are_refused() -> None:
    settings = ExtractSettings(max_input_bytes=100)
    assert to_text(b"x" * 100, settings=settings) == "x" * 100
    with pytest.raises(InputTooLargeError):
        to_text(b"x" * 101, settings=settings)


def test_str_limit_counts_characters() -> None:
    settings = ExtractSettings(max_input_bytes=100)
    assert to_text("é" * 100, settings=settings) == "é" * 100  # 200 bytes in UTF-8
    with pytest.raises(InputTooLargeError):
        to_text("x" * 101, settings=settings)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04" + bytes(64),
        b"\x1f\x8b\x08\x00" + b"<html>",
        random.Random(7).randbytes(10_000),
    ],
    ids=["png", "pdf", "zip", "gzip", "random"],
)
def test_binary_data_is_not_html(data: bytes) -> None:
    with pytest.raises(NotHTMLError):
        to_text(data)


def test_binary_data_decoded_to_str_is_not_html() -> None:
    with pytest.raises(NotHTMLError):
        to_text(random.Random(7).randbytes(10_000).decode("latin-1"))


def test_a_few_nul_bytes_do_not_make_a_page_binary() -> None:
    html = page(FRENCH)
    data = html.encode("utf-8").replace(b"<p>", b"<p>\x00")
    assert to_text(data) == html.replace("<p>", "<p>\ufffd")


def test_anything_but_str_or_bytes_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        to_text(42)  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_read_like_bytes() -> None:
    data = page(FRENCH).encode("utf-8")
    assert to_text(bytearray(data)) == page(FRENCH)  # type: ignore[arg-type]
    assert to_text(memoryview(data)) == page(FRENCH)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [b"", ""])
def test_empty_input_is_empty_text(data: str | bytes) -> None:
    assert to_text(data) == ""


# --- str input --------------------------------------------------------------------------------


def test_lone_surrogates_become_replacement_characters() -> None:
    text = to_text("<p>a\ud800b\udfffc</p>")
    assert text == "<p>a\ufffdb\ufffdc</p>"
    text.encode("utf-8")


def test_surrogate_pairs_are_joined() -> None:
    assert to_text("<p>\ud83d\ude00</p>") == "<p>\U0001f600</p>"


@pytest.mark.parametrize("html", ["<p>a\x00b</p>", "<p>é\x00b</p>"])
def test_nul_characters_are_replaced(html: str) -> None:
    assert to_text(html) == html.replace("\x00", "\ufffd")


def test_a_leading_bom_character_is_dropped() -> None:
    assert to_text("\ufeff<p>x</p>") == "<p>x</p>"


def test_clean_str_is_returned_unchanged() -> None:
    html = page(FRENCH + RUSSIAN + JAPANESE + "\U0001f600")
    assert to_text(html) is html


def test_the_browser_charset_list_is_spelled_as_python_spells_codecs() -> None:
    from cleaner import decode

    assert {codecs.lookup(name).name for name in decode._HTML_CODECS} == decode._HTML_CODECS


def test_markup_keeps_the_bytes_of_a_valid_utf8_page_and_encodes_text_once() -> None:
    page = "<p>Grüße</p>".encode()
    markup = to_markup(page)
    assert markup.utf8 is page and markup.text == "<p>Grüße</p>"
    legacy = to_markup("<p>Grüße</p>".encode("cp1252"), http_charset="windows-1252")
    assert legacy.utf8 == "<p>Grüße</p>".encode() and legacy.text == "<p>Grüße</p>"
    repaired = to_markup("<p>a\x00b\ud800</p>")
    assert repaired.text == "<p>a\ufffdb\ufffd</p>" and repaired.utf8 == repaired.text.encode()
