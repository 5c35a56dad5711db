"""Regex fragments the language vocabularies share: networks, separators, dates, names.

Every pattern is matched, whole, against a normalised lower-case line (``normalise_line``), so
fragments are lower case and may assume single spaces and straight apostrophes.
"""

from __future__ import annotations

from cleaner.months import month_pattern

__all__ = ["DATE", "NAME", "NET", "NET_LIST", "SEP", "SHARE_ITEM", "TIME", "WEEKDAY"]

# Names of networks and share targets as they appear on share bars ("Share on X", "Facebook |
# Twitter | Email"). Short ambiguous words ("line", "ok") are left out on purpose.
NET = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|mail|reddit|pinterest|"
    r"messenger|threads|bluesky|mastodon|vk|vkontakte|tumblr|flipboard|sms|instagram|youtube|"
    r"tiktok|snapchat|viber|weibo|wechat|pocket|print|copy link|google news|apple news|rss|"
    r"xing|flattr)"
)
# Separator between items of a share bar or network list.
SEP = r"(?: ?[,/|·•] ?| )"
NET_LIST = rf"{NET}(?:{SEP}(?:(?:or|and|oder|und|ou|et|o|y|e|of|en|lub|i) )?{NET})*"
SHARE_ITEM = rf"(?:share (?:on|to|via|with) )?{NET}"
# Weekday names that may open a date ("Mon, 3 March 2025", "Dienstag, 4. März 2025").
WEEKDAY = (
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|"
    r"sabato|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|maandag|dinsdag|"
    r"woensdag|donderdag|vrijdag|zaterdag|zondag|poniedziałek|wtorek|środa|czwartek|piątek|"
    r"sobota|niedziela|mo|di|mi|do|fr|sa|so)\.?,?"
)
_MONTH = month_pattern()
# A written date in any of the languages: "14 March 2025", "March 14, 2025", "3. März 2025",
# "14 de marzo de 2025", "2025-03-14", "14/03/2025", "14.03.2025".
DATE = (
    rf"(?:{WEEKDAY} )?(?:(?:le |el |il )?\d{{1,2}}(?:er|st|nd|rd|th)?\.? (?:de )?{_MONTH},?"
    rf"(?: de)? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
)
TIME = r"(?:\d{1,2}[:.h]\d{2}(?: ?[ap]\.?m\.?| uhr| h)?|\d{1,2} uhr)"


def NAME(n: int) -> str:
    """A run of up to ``n + 1`` plain words: names and labels, never a sentence."""
    return rf"[^\s!?:;]+(?: [^\s!?:;]+){{0,{n}}}"
