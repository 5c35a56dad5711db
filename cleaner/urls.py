"""URL normalisation and de-duplication: one spelling per page, so a run fetches it once.

Feeds, sitemaps and link lists spell the same article many ways: with a campaign tag
(``?utm_source=rss``), a fragment, ``HTTP://Example.COM:80``, an IDN host in Unicode, a relative
path. ``normalise_url`` maps these to one absolute ``http(s)`` URL, changing only what cannot
change which resource a server returns:

- relative URLs are resolved against ``base`` (``urljoin``, so ``.``/``..`` segments of relative
  references are resolved as RFC 3986 says); tabs and newlines inside are removed and C0
  controls and spaces around it stripped, as browsers do with a pasted or scraped URL;
- only ``http`` and ``https`` survive: ``javascript:``, ``mailto:``, ``file:``, ``data:``, ...
  and anything that does not parse give ``None`` (never an exception);
- the scheme and host are lower-cased, a trailing dot on the host is dropped, Unicode hosts are
  IDNA-encoded the way browsers do (UTS #46 and IDNA 2008, falling back on IDNA 2003 for names
  2008 refuses), default ports (80, 443) are dropped; user info is kept as it is;
- the fragment is dropped: it never reaches the server;
- tracking parameters (``TRACKING_PARAMETERS``, ``TRACKING_PREFIXES``) are removed; every other
  parameter is kept, in its order and spelling (``+`` stays ``+``); an empty query is removed;
- percent-escapes are upper-cased (``%c3%a9`` → ``%C3%A9``), escapes of unreserved characters
  decoded (``%7E`` → ``~``: RFC 3986 §6.2.2.2 says they are equivalent), and characters that
  must be escaped (spaces, non-ASCII) are escaped as UTF-8, as a browser does before sending;
- an empty path becomes ``/``.

Nothing else is collapsed: paths are case-sensitive, ``/a/`` and ``/a`` may be different pages,
``www.`` is part of the host, and parameter order can matter to a server.
"""

from __future__ import annotations

import hashlib
import logging
import re
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import idna

__all__ = ["MAX_URL_CHARS", "TRACKING_PARAMETERS", "TRACKING_PREFIXES", "Seen", "normalise_url"]

logger = logging.getLogger(__name__)

#: Longer URLs are refused. The sitemap protocol allows 2,048 characters and common servers
#: refuse request lines past 8 KiB; anything longer in a feed is junk or an attack.
MAX_URL_CHARS = 8192

#: Query parameters that only tell an analytics tool where a click came from (compared
#: lower-cased). Kept to names used for nothing else: a parameter that selects content must
#: never be stripped, so generic names (``ref``, ``source``, ``cid``, ``CMP``) are not here.
TRACKING_PARAMETERS: tuple[str, ...] = (
    # ad click identifiers: Meta, Google, DoubleClick, Microsoft, X, TikTok, LinkedIn, Yandex
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "yclid",
    "igshid",
    # analytics and e-mail campaign tools: Google Analytics, Mailchimp, HubSpot, Marketo, ...
    "_ga",
    "_gl",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "__hssc",
    "__hstc",
    "__hsfp",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "vero_conv",
    "wickedid",
    "_openstat",
    "__s",
    # share and referral tags: X/Twitter embeds, Alibaba, news sites' RSS and share links
    "ref_src",
    "ref_url",
    "spm",
    "at_medium",  # AT Internet (BBC feeds: ?at_medium=RSS&at_campaign=...)
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "ns_mchannel",  # comScore
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "smid",  # New York Times share links
    "guccounter",  # Yahoo consent redirects
    "guce_referrer",
    "guce_referrer_sig",
)
#: Parameter name prefixes of campaign tags: Google Analytics (``utm_source``, ...), Matomo.
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "mtm_")

_TRACKING = frozenset(TRACKING_PARAMETERS)
_DEFAULT_PORTS = {"http": 80, "https": 443}

_STRIP = "".join(map(chr, range(0x21)))  # C0 controls and space, as the WHATWG URL parser
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: What may stay unescaped in a path or query: RFC 3986 unreserved, sub-delims, ``:@/?`` and
#: ``%`` (existing escapes; a ``%`` not starting one is escaped first). ``[]|{}^`` are kept too:
#: browsers send them as they are, and servers treat both spellings alike.
_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%[]|{}^"
)
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ASCII_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The normal form of ``url`` (see the module docstring), or ``None`` if it is not a web URL.

    Never raises: scraped input is full of garbage, and one bad link must not end a feed.
    """
    try:
        return _normalise(url, base)
    except (ValueError, UnicodeError, TypeError, AttributeError):
        return None


def _normalise(url: str, base: str | None) -> str | None:
    url = _TAB_OR_NEWLINE.sub("", url.strip(_STRIP))
    if not url or len(url) > MAX_URL_CHARS:
        return None
    if base:
        url = urljoin(_TAB_OR_NEWLINE.sub("", base.strip(_STRIP)), url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    netloc = _netloc(parts, scheme)
    if netloc is None:
        return None
    path = _escape(parts.path) or "/"
    query = _strip_tracking(_escape(parts.query))
    result = urlunsplit((scheme, netloc, path, query, ""))
    return result if len(result) <= MAX_URL_CHARS else None


def _netloc(parts: SplitResult, scheme: str) -> str | None:
    """Lower-cased, IDNA-encoded host with user info and a non-default port; None if invalid."""
    hostname = parts.hostname  # lower-cased, without brackets
    if not hostname:
        return None
    port = parts.port  # raises ValueError when not a number in 0-65535
    if "[" in parts.netloc:
        host: str | None = f"[{hostname}]"  # IPv6; urlsplit has checked the brackets
    else:
        host = _host(hostname)
    if host is None:
        return None
    userinfo, at, _ = parts.netloc.rpartition("@")
    netloc = f"{userinfo}{at}{host}"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    return netloc


def _host(hostname: str) -> str | None:
    """An ASCII host name, IDNA-encoding Unicode labels; None for characters no host can hold.

    ASCII names skip IDNA: its rules refuse ``_`` in labels, which real hosts use.
    """
    hostname = hostname.removesuffix(".")
    if not hostname.isascii():
        hostname = _idna(hostname)
    return hostname if _ASCII_HOST.fullmatch(hostname) else None


def _idna(hostname: str) -> str:
    """UTS #46 and IDNA 2008 as browsers; IDNA 2003 (Python's codec) for what 2008 refuses.

    Browsers are lenient where IDNA 2008 is strict: ``☃.net`` is ``xn--n3h.net`` to them.
    Raises ``UnicodeError`` when neither can encode the name.
    """
    try:
        return idna.encode(hostname, uts46=True).decode("ascii")
    except idna.IDNAError:
        return hostname.encode("idna").decode("ascii")


def _escape(component: str) -> str:
    """Escape what must be escaped, upper-case escapes, decode escaped unreserved characters."""
    if "%" not in component:
        if _SAFE.issuperset(component):
            return component  # the common case: nothing to escape or normalise
    else:
        component = _BAD_PERCENT.sub("%25", component)
    if not _SAFE.issuperset(component):
        component = "".join(
            char if char in _SAFE else "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
            for char in component
        )
    return _ESCAPE.sub(_normal_escape, component)


def _normal_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else match.group(0).upper()


def _strip_tracking(query: str) -> str:
    """The query without tracking parameters and empty pieces, otherwise unchanged."""
    if not query:
        return ""
    kept = [piece for piece in query.split("&") if piece and not _is_tracking(piece)]
    return "&".join(kept)


def _is_tracking(piece: str) -> bool:
    name = piece.partition("=")[0].lower()
    return name in _TRACKING or name.startswith(TRACKING_PREFIXES)


class Seen:
    """The normalised URLs met so far in a run, to hand each one on once.

    Memory: each URL is kept as a 64-bit BLAKE2b digest, an ``int`` of 36 bytes plus about 42
    bytes of set table, so about 80 bytes per URL whatever its length (keeping the ``str``
    costs about 90 bytes plus its length). The default cap of 5,000,000 URLs is about 400 MB.
    Past the cap, new URLs are no longer remembered (a warning is logged once): they are all
    reported as new, so duplicates can pass, but memory stays bounded and the run goes on.
    Two different URLs share a digest with a probability of about n²/2⁶⁵ (10⁻⁶ at the cap),
    in which case the second is wrongly taken for a duplicate.

    Callers pass URLs already normalised by ``normalise_url``; ``Seen`` compares exact strings.
    """

    def __init__(self, max_urls: int = 5_000_000) -> None:
        self.max_urls = max_urls
        self._digests: set[int] = set()
        self._full_warned = False

    def add(self, url: str) -> bool:
        """Remember ``url``; True if it was not seen before (or the cap has been reached)."""
        digest = _digest(url)
        if digest in self._digests:
            return False
        if len(self._digests) >= self.max_urls:
            if not self._full_warned:
                self._full_warned = True
                logger.warning(
                    "seen-URL set is full (%d URLs); later duplicates will not be detected",
                    self.max_urls,
                )
            return True
        self._digests.add(digest)
        return True

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and _digest(url) in self._digests

    def __len__(self) -> int:
        return len(self._digests)


def _digest(url: str) -> int:
    data = url.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")
