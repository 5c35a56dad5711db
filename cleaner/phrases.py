"""The boilerplate phrase vocabulary: lines of page furniture, as data.

News pages wrap every article in the same furniture: skip links, share bars, newsletter boxes,
"Related Articles" and "Most Read" lists, ad labels, cookie notices. Once the page is text (or a
short text block of the DOM), that furniture is recognisable by its wording alone, because it is
always the *whole* line: "Share on Facebook" is furniture, "Share prices fell on Facebook's
results." is news. So every rule here matches a whole normalised line (never a part of one), and
lines longer than ``MAX_LINE_CHARS`` never match: furniture is short, paragraphs are not.

Used by ``cleaner.clean_text`` on every line and by the HTML pruner on short text blocks. Rules
are tried in order and the first match wins; all of them are also compiled into one alternation
so a line is tested in a single pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.unicode import tidy

__all__ = [
    "LINE_RULES",
    "LIST_HEADING_IDS",
    "MAX_LINE_CHARS",
    "LineRule",
    "match_line",
    "normalise_line",
]

MAX_LINE_CHARS = 200
"""Lines longer than this are never furniture (the longest real ones are consent notices)."""

LIST_HEADING_IDS = frozenset({"related-heading", "trending-heading"})
"""Rules whose line heads a list of links rather than standing alone."""


@dataclass(frozen=True, slots=True)
class LineRule:
    """One kind of furniture line: ``pattern`` matches the whole normalised line."""

    id: str
    reason: str
    pattern: re.Pattern[str]


_FLAGS = re.IGNORECASE

# Names of networks and share targets as they appear on share bars ("Share on X", "Facebook |
# Twitter | Email"). Short ambiguous words ("line", "ok") are left out on purpose.
_NET = (
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|mail|reddit|pinterest|"
    r"messenger|threads|bluesky|mastodon|vk|vkontakte|tumblr|flipboard|sms|instagram|youtube|"
    r"tiktok|snapchat|viber|weibo|wechat|pocket|print|copy link|google news|apple news|rss)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A written date: "14 March 2025", "March 14, 2025", "2025-03-14", "14/03/2025".
_DATE = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?(?:\d{{1,2}} {_MONTH},? \d{{4}}|"
    rf"{_MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
)
_TIME = r"\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?"
# Separator between items of a share bar or network list.
_SEP = r"(?: ?[,/|·•] ?| )"
_NET_LIST = rf"{_NET}(?:{_SEP}(?:(?:or|and) )?{_NET})*"
_SHARE_ITEM = rf"(?:share (?:on|to|via|with) )?{_NET}"
# A run of up to n plain words: names and labels, never a sentence (no sentence punctuation).
_NAME = r"[^\s!?:;]+(?: [^\s!?:;]+){{0,{n}}}"


def _rule(rule_id: str, reason: str, *alternatives: str) -> LineRule:
    body = "|".join(f"(?:{alternative})" for alternative in alternatives)
    return LineRule(rule_id, reason, re.compile(f"(?:{body})", _FLAGS))


LINE_RULES: tuple[LineRule, ...] = (
    _rule(
        "skip-link",
        "accessibility link to jump past the page header",
        r"(?:skip|jump) (?:to )?(?:the )?(?:(?:main|primary|site) )?"
        r"(?:content|navigation|nav|menu|search|footer|article|story|sidebar|results|comments|ad)",
    ),
    _rule(
        "share-bar",
        "share buttons; icon links leave only their words (e.g. 'Share to or')",
        r"share(?: (?:this|the))?(?: (?:article|story|post|page|link|video|gallery))?",
        rf"share(?: (?:this|the)(?: (?:article|story|post|page|link|video))?)? "
        rf"(?:to|on|via|with|in)(?:{_SEP}(?:or|and|{_NET}))*",
        rf"{_SHARE_ITEM}(?:{_SEP}(?:(?:or|and) )?{_SHARE_ITEM})+",
        r"(?:tweet|print|e-?mail|copy link|copy url|link copied(?: to clipboard)?|copied|pin it)"
        r"(?: (?:this|the))?(?: (?:article|story|page|link))?",
        r"(?:\d+(?:[.,]\d+)?k? )?shares?",
    ),
    _rule(
        "newsletter-signup",
        "newsletter sign-up box",
        r"(?:sign ?up|subscribe|register|join|get|receive)(?: (?:now|free|today))?"
        r"(?: (?:for|to))?(?: [^.!?:;,]{1,60}?)? newsletters?"
        r"(?: (?:here|now|today|below|for free))?",
        r"(?:free |daily |weekly |email )?newsletters?(?: sign-? ?up)?",
        r"(?:sign ?up|subscribe)(?: (?:now|today|here|for free))?",
        r"(?:get|receive) (?:the |our )?(?:latest |top |best |daily )?"
        r"(?:news|stories|headlines|updates)[^.!?]{0,40}? (?:delivered )?(?:to|in) your inbox"
        r"(?: every (?:morning|day|week|weekday|evening))?",
        r"(?:enter )?(?:your )?e-?mail(?: address)?(?: here)?",
        r"thanks?(?: you)? for (?:signing up|subscribing)",
    ),
    _rule(
        "recaptcha-notice",
        "reCAPTCHA terms notice under a sign-up form",
        r"(?:this (?:site|page|form) is )?protected by recaptcha(?: enterprise)?[^.!?]{0,80}?"
        r"(?:privacy policy|terms of service)[^.!?]{0,40}",
    ),
    _rule(
        "consent-notice",
        "terms and privacy consent line of a form",
        r"by (?:signing up|subscribing|submitting|clicking|registering|continuing|entering)"
        r"[^.!?]{0,100}? (?:our |the )?(?:privacy policy|terms(?: of (?:service|use))?|"
        r"cookie policy)(?: and (?:our |the )?(?:privacy policy|terms(?: of (?:service|use))?|"
        r"cookie policy))?",
    ),
    _rule(
        "cookie-notice",
        "cookie consent banner",
        r"(?:we|this (?:web)?site|our (?:web)?site|this page) uses? cookies\b"
        r"(?=.*\b(?:experience|consent|accept|agree|policy|browsing|personali[sz]|analy[sz]|"
        r"improve|continu)).*",
        r"(?:accept|reject|allow|decline|refuse)(?: all| necessary| essential)? cookies",
        r"cookies? (?:settings|preferences|policy|consent|notice)",
        r"manage (?:cookies|cookie settings|preferences|consent)",
        r"(?:accept|reject|decline) all|got it",
    ),
    _rule(
        "related-heading",
        "heading of a list of links to other articles",
        r"(?:related|more|recommended|suggested|similar|further|other)"
        r"(?: (?:top|popular|latest))? (?:articles?|stories|story|posts?|coverage|content|news|"
        r"reading|reads|links|topics|videos?|items|headlines)",
        r"related|recommended(?: for you)?|up next|next up|keep reading|see also|also read|"
        r"read (?:next|also)|what to read next|don't miss|editor'?s'? picks?",
        r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
        r"more (?:on|about) (?:this|the) (?:story|topic|subject)|more in this (?:section|category)",
        r"(?:from )?around the web|from the web",
    ),
    _rule(
        "trending-heading",
        "heading of a list of popular or latest articles",
        r"(?:top |now )?trending(?: (?:now|today|stories|articles|news|posts|topics|videos))?",
        r"most (?:read|popular|viewed|shared|commented|emailed|watched|recent)"
        r"(?: (?:articles|stories|news|posts|this week|today|now))?",
        r"popular(?: (?:now|today|stories|articles|posts|news|this week))?",
        r"(?:top|latest|breaking) (?:stories|news|headlines|articles|posts)|latest",
        r"what's (?:hot|trending|popular)|hot (?:topics|stories|right now)",
        r"editor'?s'? choice|in case you missed it|icymi",
    ),
    _rule(
        "source-line",
        "the publisher's name on a 'Source: X' line (read as the site name)",
        rf"source\s*:\s*{_NAME.format(n=7)}",
    ),
    _rule(
        "image-credit",
        "photo caption label or credit line",
        rf"(?:photo|image|picture|illustration|graphic|photograph|cover|featured)"
        rf"(?: image| photo)?(?: credits?| source)?\s*:\s*{_NAME.format(n=11)}",
        rf"credits?\s*:\s*{_NAME.format(n=11)}",
        r"(?:image|media|video) (?:caption|source)(?:,[^.!?]{0,80})?",
    ),
    _rule(
        "advertisement-label",
        "advertisement or sponsored-content label",
        r"advertisement|advertising|advert|ads?|ad feedback|report (?:this )?ad|remove ads",
        r"sponsored(?: (?:content|post|article|links?|stories))?|sponsored by [^.!?]{1,40}",
        r"paid (?:content|post|partnership|promotion)|promoted(?: (?:content|stories|links?))?|"
        r"partner content",
        r"(?:story|article|text|content) continues (?:below|after)"
        r"(?: (?:the |this )?(?:advertisement|ad|advert))?",
        r"continue reading (?:below|after (?:the |this )?(?:advertisement|ad))|"
        r"scroll (?:down )?to continue(?: (?:reading|with content))?",
    ),
    _rule(
        "follow-us",
        "invitation to follow the publisher elsewhere",
        rf"(?:follow|like|find|join|connect with) us"
        rf"(?: (?:on|at|via)(?:{_SEP}(?:or|and|{_NET}))*)?",
        rf"follow [\w.@'-]+(?: [\w.@'-]+){{0,3}} on {_NET_LIST}",
        rf"subscribe to (?:our|the) (?:\w+ )?(?:channel|podcast|feed)(?: on {_NET_LIST})?",
        r"(?:get|download|install) (?:the|our) (?:\w+ )?app(?: (?:for|on) [^.!?]{1,30})?",
    ),
    _rule(
        "read-more",
        "link to the rest of an article or to another one",
        r"read (?:more|on|the rest|full (?:story|article)|"
        r"the (?:full|whole|rest of the) (?:story|article|report|text))",
        r"continue reading(?: (?:the main story|the article|this story|below))?",
        r"click here to (?:read|continue|see)(?: more)?",
        r"(?:show|load|see|view) (?:more|all|less)"
        r"(?: (?:stories|articles|news|comments|results|posts))?",
        r"(?:read|see|watch|listen)(?: more| also| next| too)?\s*:\s*.{1,150}",
        r"(?:related|more|also|recommended)(?: (?:stories|story|articles?|coverage|reading))?"
        r"\s*:\s*.{1,150}",
    ),
    _rule(
        "comments",
        "comment section heading or control",
        r"(?:\d+ )?comments?(?: \(\d+\))?|\d+ (?:replies|responses)",
        r"(?:leave|post|add|write|view|show|hide|load|read|see)(?: an?| the| all| your)?(?: \d+)?"
        r" (?:comments?|reply|replies|responses?)",
        r"join the (?:conversation|discussion|debate)|be the first to comment",
        r"comments? (?:are|is) (?:closed|disabled)|comment on this (?:article|story)",
    ),
    _rule(
        "paywall",
        "subscription or log-in prompt",
        r"(?:subscribe|sign in|log in|register)(?: now)? to (?:continue reading|keep reading|"
        r"read (?:more|the full (?:story|article))|unlock(?: this)? (?:article|story))",
        r"this (?:article|story|content) is (?:for|available (?:only )?to|exclusive to) "
        r"(?:subscribers|members|premium members)(?: only)?",
        r"already an? (?:subscriber|member)\??(?: (?:sign|log) ?in)?",
        r"you have \d+ free (?:articles?|stories) (?:left|remaining)(?: this month)?",
    ),
    _rule(
        "navigation",
        "site navigation, breadcrumbs and account links",
        r"home|menu|main menu|search|close|open menu|toggle (?:navigation|menu)|sitemap",
        r"(?:back|return) to (?:top|home|homepage)",
        r"(?:previous|next)(?: (?:article|story|post|page))?",
        r"home ?[\u203a\u00bb>/|] ?.{1,150}|you are here:? .{1,150}",
        r"log ?in|sign ?in|log ?out|sign ?out|register|my account|create (?:an )?account",
        r"print this (?:page|article)",
    ),
    _rule(
        "tag-list",
        "list of tags or topics",
        r"(?:tags?|topics?|filed under|categories|category|keywords|related topics|posted in)"
        r"\s*:\s*.{1,150}",
    ),
    _rule(
        "reading-time",
        "audio player or reading-time label",
        r"listen to (?:this|the) (?:article|story)(?: \d+ min(?:ute)?s?)?",
        r"\d+ min(?:ute)?s? read|reading time:? \d+ min(?:ute)?s?",
    ),
    _rule(
        "dateline",
        "publication and update times: metadata (published, modified), not body text",
        rf"(?:(?:first |originally )?(?:published|posted|updated|last updated|modified)"
        rf"(?: on| at)?:? ?{_DATE}(?:[,;]? (?:at )?{_TIME})?(?: [a-z]{{2,5}})?"
        rf"(?: ?[·|,;•-] ?)?){{1,2}}",
    ),
    _rule(
        "author-contact",
        "how to reach the author: a contact line, not article text",
        r"(?:contact|e-?mail|reach|write to) [^.!?@]{1,60}? (?:at|via|on) [\w.+-]+@[\w.-]+"
        r"(?: or [^.!?]{1,80})?",
        r"(?:follow|contact) (?:him|her|them|the author|the writer) (?:on|at|via) [^.!?]{1,80}",
    ),
    _rule(
        "republish-notice",
        "republishing or licence notice of the publisher",
        r"(?:our|this|these) (?:stories|story|articles?|content|reporting)"
        r"[^.!?]{0,60}? (?:may|can) be republished[^!?]{0,140}",
        r"republish (?:this|our) (?:story|article)[^.!?]{0,80}",
    ),
    _rule(
        "copyright",
        "copyright footer",
        r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,180}",
    ),
)

# Matched against the lower-cased line: Python's regex engine is about three times slower on
# case-insensitive alternations than on lower-case text.
_COMBINED = re.compile(
    "|".join(f"(?P<r{index}>{rule.pattern.pattern})" for index, rule in enumerate(LINE_RULES))
)
# Typographic apostrophes: right and left single quotation marks, modifier letter, backtick.
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc`", "''''")
# Decoration around furniture text: bullets, arrows, pipes, dashes, trailing punctuation and
# close buttons. Spelled as escapes because several of them look like ASCII.
_BULLETS = "\u2022\u00b7\u25aa\u25b8\u25ba\u25b6*"
_ARROWS = "|>\u00bb\u203a\u2192\u2190"
_DASHES = "\u2013\u2014-"
_LEAD = f" {_BULLETS}{_ARROWS}{_DASHES}"
_TRAIL = f" {_ARROWS}{_DASHES}:.!\u2026\u00d7\u2715"


_COPYRIGHT = next(rule for rule in LINE_RULES if rule.id == "copyright")
_RESERVED = "all rights reserved"


def normalise_line(line: str) -> str:
    """White space collapsed, straight apostrophes, leading bullets and trailing marks stripped.

    Share bars come as "  • Share to or" and labels as "Read more »": the decoration is not
    part of the phrase, so rules never have to spell it.
    """
    if not line.isascii():
        line = tidy(line).translate(_APOSTROPHES)
    return " ".join(line.split()).lstrip(_LEAD).rstrip(_TRAIL)


def match_line(line: str) -> LineRule | None:
    """The first rule matching the whole (normalised) ``line``, or None.

    Never matches a line longer than ``MAX_LINE_CHARS``: furniture is short, and a cap also
    bounds the work a pattern can do.
    """
    if len(line) > MAX_LINE_CHARS * 2:
        return None
    text = normalise_line(line)
    if not text or len(text) > MAX_LINE_CHARS:
        return None
    text = text.lower()
    found = _COMBINED.fullmatch(text)
    if found is None or found.lastgroup is None:
        # "... All rights reserved" closes copyright lines of any wording; a suffix test is
        # far cheaper than a backtracking pattern for it.
        return _COPYRIGHT if text.endswith(_RESERVED) else None
    return LINE_RULES[int(found.lastgroup[1:])]
