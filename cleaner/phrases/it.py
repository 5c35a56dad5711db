"""Italian furniture lines ("Leggi anche", "Potrebbe interessarti", "Condividi su Facebook",
"Pubblicato il 3 marzo 2024")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:pubblicato|aggiornato|modificato)(?: il| alle)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (r"(?:vai|salta) al (?:contenuto|menu)(?: principale)?",),
    "share-bar": (
        rf"condividi(?: (?:l'articolo|questo articolo))?"
        rf"(?: (?:su|via|per)(?:{SEP}(?:o|e|{NET}))*)?",
        r"stampa|copia (?:il )?link|link copiato|invia per e-?mail",
    ),
    "newsletter-signup": (
        r"iscriviti (?:alla|alle|alla nostra) [^.!?]{0,40}?newsletter[^.!?]{0,40}|newsletter|"
        r"iscriviti|(?:la tua )?(?:e-?mail|indirizzo e-?mail)",
    ),
    "cookie-notice": (
        r"(?:questo sito|utilizziamo|usiamo)[^.!?]{0,40}cookie\b.*",
        r"(?:accetta|rifiuta)(?: tutti| i cookie)?|gestisci (?:i )?cookie",
    ),
    "related-heading": (
        r"leggi anche|(?:ti )?potrebbe(?:ro)? (?:interessarti|anche interessarti|piacerti)|"
        r"ti potrebbe interessare|articoli correlati|notizie correlate|correlati|"
        r"(?:altri|ultimi) articoli|potrebbe interessarti anche|vedi anche|approfondimenti",
    ),
    "trending-heading": (
        r"(?:i )?più (?:letti|visti|popolari|condivisi)|in evidenza|"
        r"ultime notizie|tendenze",
    ),
    "source-line": (rf"fonte\s*:\s*{NAME(7)}",),
    "image-credit": (rf"(?:foto|immagine|immagini|crediti|credit)\s*:\s*{NAME(11)}",),
    "advertisement-label": (r"pubblicità|annuncio|contenuto sponsorizzato|sponsorizzato",),
    "follow-us": (
        rf"seguici(?: (?:su|via)(?:{SEP}(?:o|e|{NET}))*)?|segui [^.!?]{{1,40}} su "
        rf"{NET_LIST}",
    ),
    "read-more": (
        r"leggi (?:di più|tutto|l'articolo)|continua a leggere|scopri di più|"
        r"(?:leggi|vedi)(?: anche)?\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?commenti?(?: \(\d+\))?|lascia un commento|scrivi un commento|"
        r"rispondi|nessun commento",
    ),
    "rating-prompt": (r"(?:valuta|vota) (?:questo|l') ?articolo",),
    "author-heading": (r"(?:informazioni )?sull'autore|l'autore|l'autrice",),
    "paywall": (
        r"(?:contenuto )?riservato agli abbonati|sei già abbonato\s*\??(?: accedi)?|"
        r"abbonati",
    ),
    "navigation": (
        r"home|torna (?:su|all'inizio|alla home)|cerca|chiudi|menu|accedi|"
        r"il mio account|(?:articolo )?(?:precedente|successivo)",
    ),
    "tag-list": (r"(?:tag|argomenti|categorie|categoria)\s*:\s*.{1,150}",),
    "reading-time": (r"(?:tempo di )?lettura\s*:?\s*\d+ ?min(?:uti)?|\d+ ?min(?:uti)? di lettura",),
}
