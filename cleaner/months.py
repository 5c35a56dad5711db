"""Month names of the languages cleaner reads, as data: for datelines in text and in phrases.

Lower case, with the abbreviations news sites print ("Sept.", "févr.", "Okt."); the Polish,
Czech, Russian and Ukrainian lists hold the genitive forms dates are written in ("12 marca
2024", "15 августа 2016"). Used by the phrase
vocabulary (``cleaner.phrases``: "Veröffentlicht am 3. März 2024" is a dateline, not body text)
and by the metadata reader (a visible dateline near the headline gives the publication date).
"""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_NUMBERS", "month_pattern"]

MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "de": (
        ("januar", "jänner", "jan"),
        ("februar", "feber", "feb"),
        ("märz", "maerz", "mär", "mrz"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ),
    "fr": (
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr", "fév"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "decembre", "déc", "dec"),
    ),
    "es": (
        ("enero", "ene"),
        ("febrero", "feb"),
        ("marzo", "mar"),
        ("abril", "abr"),
        ("mayo", "may"),
        ("junio", "jun"),
        ("julio", "jul"),
        ("agosto", "ago"),
        ("septiembre", "setiembre", "sept", "sep"),
        ("octubre", "oct"),
        ("noviembre", "nov"),
        ("diciembre", "dic"),
    ),
    "it": (
        ("gennaio", "gen"),
        ("febbraio", "feb"),
        ("marzo", "mar"),
        ("aprile", "apr"),
        ("maggio", "mag"),
        ("giugno", "giu"),
        ("luglio", "lug"),
        ("agosto", "ago"),
        ("settembre", "set"),
        ("ottobre", "ott"),
        ("novembre", "nov"),
        ("dicembre", "dic"),
    ),
    "pt": (
        ("janeiro", "jan"),
        ("fevereiro", "fev"),
        ("março", "marco", "mar"),
        ("abril", "abr"),
        ("maio", "mai"),
        ("junho", "jun"),
        ("julho", "jul"),
        ("agosto", "ago"),
        ("setembro", "set"),
        ("outubro", "out"),
        ("novembro", "nov"),
        ("dezembro", "dez"),
    ),
    "nl": (
        ("januari", "jan"),
        ("februari", "feb"),
        ("maart", "mrt"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augustus", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "pl": (
        ("stycznia", "styczeń", "sty"),
        ("lutego", "luty", "lut"),
        ("marca", "marzec", "mar"),
        ("kwietnia", "kwiecień", "kwi"),
        ("maja", "maj"),
        ("czerwca", "czerwiec", "cze"),
        ("lipca", "lipiec", "lip"),
        ("sierpnia", "sierpień", "sie"),
        ("września", "wrzesień", "wrz"),
        ("października", "październik", "paź"),
        ("listopada", "listopad", "lis"),
        ("grudnia", "grudzień", "gru"),
    ),
    "cs": (
        ("ledna", "leden"),
        ("února", "únor"),
        ("března", "březen"),
        ("dubna", "duben"),
        ("května", "květen"),
        ("června", "červen"),
        ("července", "červenec"),
        ("srpna", "srpen"),
        ("září",),
        ("října", "říjen"),
        ("listopadu",),
        ("prosince", "prosinec"),
    ),
    "ru": (
        ("января", "январь", "янв"),
        ("февраля", "февраль", "фев"),
        ("марта", "март", "мар"),
        ("апреля", "апрель", "апр"),
        ("мая", "май"),
        ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"),
        ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сен", "сент"),
        ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "ноя"),
        ("декабря", "декабрь", "дек"),
    ),
    "uk": (
        ("січня", "січень"),
        ("лютого", "лютий"),
        ("березня", "березень"),
        ("квітня", "квітень"),
        ("травня", "травень"),
        ("червня", "червень"),
        ("липня", "липень"),
        ("серпня", "серпень"),
        ("вересня", "вересень"),
        ("жовтня", "жовтень"),
        ("листопада", "листопад"),
        ("грудня", "грудень"),
    ),
}

MONTH_NUMBERS: dict[str, dict[str, int]] = {
    language: {name: number for number, names in enumerate(months, start=1) for name in names}
    for language, months in MONTHS.items()
}
"""Month name (lower case, no trailing dot) to number, per language."""


def month_pattern(languages: tuple[str, ...] | None = None) -> str:
    """A regex alternation of the month names of ``languages`` (all when None), longest first
    so that "sept" is not read as "sep" + "t", with an optional abbreviation dot."""
    chosen = MONTHS if languages is None else {k: MONTHS[k] for k in languages if k in MONTHS}
    names = {name for months in chosen.values() for group in months for name in group}
    return "(?:" + "|".join(sorted(names, key=lambda n: (-len(n), n))) + r")\.?"
