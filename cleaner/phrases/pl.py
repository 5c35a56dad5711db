"""Polish furniture lines ("Czytaj też", "Zobacz także", "Udostępnij", "Opublikowano 3 marca
2024", "Fot. PAP")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:opublikowano|aktualizacja|zaktualizowano|data publikacji|dodano)(?: dnia)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (r"przejdź do (?:treści|menu|nawigacji)(?: głównej)?",),
    "share-bar": (
        rf"udostępnij(?: (?:artykuł|na|przez)(?:{SEP}(?:lub|i|{NET}))*)?",
        r"drukuj|kopiuj link|skopiuj link|wyślij e-?mailem",
    ),
    "newsletter-signup": (
        r"(?:zapisz się|zamów) (?:do|na) [^.!?]{0,40}?newsletter[^.!?]{0,40}|newsletter|"
        r"(?:twój )?(?:adres )?e-?mail",
    ),
    "cookie-notice": (
        r"(?:ta strona|serwis|używamy|korzystamy)[^.!?]{0,40}(?:cookies|ciasteczek|plików cookie)"
        r"\b.*",
        r"(?:akceptuję|akceptuj|odrzuć|zgadzam się)(?: wszystkie)?",
    ),
    "related-heading": (
        r"czytaj (?:też|także|również)|zobacz (?:też|także|również)|przeczytaj (?:też|także|"
        r"również)|polecamy|podobne (?:artykuły|teksty|wpisy)|powiązane (?:artykuły|tematy)|"
        r"więcej na (?:ten )?temat|może cię zainteresować|warto przeczytać",
    ),
    "trending-heading": (
        r"najczęściej (?:czytane|komentowane)|najpopularniejsze|najnowsze|"
        r"najważniejsze",
    ),
    "source-line": (rf"źródło\s*:\s*{NAME(7)}",),
    "image-credit": (rf"(?:fot\.?|foto|zdjęcie|zdjęcia|ilustracja)\s*:?\s*{NAME(9)}",),
    "advertisement-label": (r"reklama|materiał sponsorowany|artykuł sponsorowany|sponsorowane",),
    "follow-us": (
        rf"obserwuj nas(?: (?:na|w)(?:{SEP}(?:lub|i|{NET}))*)?|śledź nas(?: na {NET_LIST})?",
    ),
    "read-more": (
        r"czytaj (?:więcej|dalej)|więcej|(?:czytaj|zobacz)(?: też| także)?\s*:\s*.{1,150}",
        r"\[?więcej\]?",
    ),
    "comments": (
        r"(?:\d+ )?komentarz(?:e|y|y \(\d+\))?|(?:dodaj|napisz) komentarz|skomentuj|"
        r"odpowiedz|brak komentarzy",
    ),
    "rating-prompt": (r"oceń (?:ten )?artykuł",),
    "author-heading": (r"o autorze|o autorce|autor|autorka",),
    "paywall": (
        r"(?:treść|artykuł) (?:dostępn[ya] )?(?:tylko )?dla (?:prenumeratorów|"
        r"subskrybentów)|masz już (?:prenumeratę|subskrypcję)\s*\??(?: zaloguj się)?",
    ),
    "navigation": (
        r"strona główna|powrót(?: do góry)?|do góry|szukaj|wyszukaj|zamknij|menu|"
        r"zaloguj(?: się)?|moje konto|(?:poprzedni|następny)(?: artykuł)?",
    ),
    "tag-list": (r"(?:tagi|tematy|kategorie|kategoria|słowa kluczowe)\s*:\s*.{1,150}",),
    "reading-time": (r"(?:czas czytania)\s*:?\s*\d+ ?min(?:ut)?|\d+ ?min(?:ut)? czytania",),
    "dateline": (r"opublikowano|aktualizacja",),
}
