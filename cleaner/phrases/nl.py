"""Dutch furniture lines ("Lees ook", "Deel dit artikel", "Gepubliceerd op 3 maart 2024")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:gepubliceerd|bijgewerkt|aangepast|geplaatst)(?: op| om)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (r"(?:ga|spring|direct) naar (?:de )?(?:inhoud|hoofdinhoud|navigatie|menu)",),
    "share-bar": (
        rf"(?:deel|delen)(?: dit (?:artikel|bericht))?"
        rf"(?: (?:op|via|per)(?:{SEP}(?:of|en|{NET}))*)?",
        r"printen|afdrukken|kopieer (?:de )?link|link gekopieerd",
    ),
    "newsletter-signup": (
        r"(?:schrijf je in|meld je aan|abonneer) (?:je )?(?:voor|op) (?:de|onze) [^.!?]{0,40}?"
        r"nieuwsbrief[^.!?]{0,40}|nieuwsbrief|(?:je )?e-?mailadres",
    ),
    "cookie-notice": (
        r"(?:deze (?:site|website)|wij|we) (?:gebruikt|gebruiken|maakt gebruik van|maken gebruik "
        r"van) cookies\b.*",
        r"(?:alles )?(?:accepteren|weigeren)(?: cookies)?|cookie-?instellingen",
    ),
    "related-heading": (
        r"lees ook|lees meer over [^.!?]{1,40}|meer over dit onderwerp|gerelateerde (?:artikelen|"
        r"berichten)|gerelateerd|bekijk ook|ook interessant|dit vind je misschien ook leuk|"
        r"meer nieuws",
    ),
    "trending-heading": (r"meest gelezen|populair|laatste nieuws|net binnen",),
    "source-line": (rf"bron\s*:\s*{NAME(7)}",),
    "image-credit": (rf"(?:foto|beeld|afbeelding|illustratie)\s*:\s*{NAME(11)}",),
    "advertisement-label": (r"advertentie|gesponsord|reclame",),
    "follow-us": (
        rf"volg ons(?: (?:op|via)(?:{SEP}(?:of|en|{NET}))*)?|volg [^.!?]{{1,40}} op "
        rf"{NET_LIST}",
    ),
    "read-more": (
        r"lees (?:meer|verder)|verder lezen|meer lezen|(?:lees|bekijk)(?: ook)?\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?reacties?(?: \(\d+\))?|(?:plaats|schrijf) een reactie|reageer|"
        r"reageren|geen reacties",
    ),
    "rating-prompt": (r"beoordeel dit artikel|was dit artikel nuttig\s*\??",),
    "author-heading": (r"over de (?:auteur|schrijver)|de auteur",),
    "paywall": (r"(?:al )?abonnee\s*\??(?: log in)?|word abonnee|alleen voor abonnees",),
    "navigation": (
        r"home|terug(?: naar boven)?|naar boven|zoeken|sluiten|menu|inloggen|"
        r"mijn account|(?:vorige|volgende)(?: artikel| bericht)?",
    ),
    "tag-list": (r"(?:tags?|onderwerpen|categorieën|categorie|trefwoorden)\s*:\s*.{1,150}",),
    "reading-time": (r"leestijd\s*:?\s*\d+ ?min(?:uten)?|\d+ ?min(?:uten)? leestijd",),
}
