"""German furniture lines ("Mehr zum Thema", "Das könnte Sie auch interessieren",
"Artikel teilen", "Veröffentlicht am 3. März 2024", "Foto: dpa")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

_ARTICLE = r"(?:artikel|beitrag|text|inhalt|seite|eintrag|post|rezept)"
_YOU = r"(?:sie|dich|dir|ihnen|euch)"
# The links of a site's footer: "Impressum | Datenschutz | Kontakt".
_SITE_LINK = (
    r"impressum|datenschutz(?:erklärung|hinweise)?|kontakt|agb|sitemap|barrierefreiheit|"
    r"cookie(?:s|-einstellungen)?|presse|jobs|karriere|mediadaten|über uns|newsletter|faq|hilfe"
)

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = (
    r"(?:zuletzt )?(?:veröffentlicht|aktualisiert|geändert|erstellt|erschienen|publiziert|"
    r"gepostet|online|stand|datum)(?: am| um)?"
)

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (
        r"(?:direkt )?zum (?:haupt)?inhalt(?: (?:springen|wechseln|gehen))?",
        r"zur (?:haupt)?(?:navigation|suche|fußzeile|footer)(?: (?:springen|wechseln))?",
        r"springe? (?:zum|zur|zu) [^.!?]{1,30}|inhalt überspringen|navigation überspringen",
    ),
    "share-bar": (
        rf"(?:jetzt |diesen |den )?(?:{_ARTICLE} )?(?:teilen|sharen|empfehlen|weiterempfehlen)"
        rf"(?: (?:auf|über|per|via|mit|bei)(?:{SEP}(?:oder|und|{NET}))*)?",
        rf"(?:auf|über|per|via|bei) {NET} (?:teilen|empfehlen|versenden|senden)",
        rf"{NET} (?:teilen|empfehlen)",
        r"(?:artikel |seite |beitrag )?(?:drucken|merken|versenden|verschicken|speichern)",
        r"link kopieren|link kopiert|text kopieren|gefällt mir|liken|lade ?…?|teilen mit",
        rf"(?:{_ARTICLE} )?per (?:e-?mail|whatsapp|messenger) (?:teilen|versenden|verschicken)",
    ),
    "newsletter-signup": (
        r"(?:jetzt |hier |kostenlos )*(?:zum|für den|für unseren|den|unseren) "
        r"[^.!?:;,]{0,40}?newsletter (?:anmelden|abonnieren|bestellen|eintragen)",
        r"newsletter(?:-| )?(?:abonnieren|bestellen|anmeldung|abo)?",
        r"(?:jetzt )?(?:kostenlos(?:en)? )?newsletter (?:abonnieren|bestellen|erhalten)",
        r"(?:abonnieren|bestellen) sie (?:jetzt )?(?:unseren|den) [^.!?]{0,40}?newsletter",
        r"melden sie sich (?:jetzt )?(?:für|zu) (?:unseren|dem|den) [^.!?]{0,40}?newsletter an",
        r"(?:jetzt |hier )?(?:kostenlos )?(?:anmelden|registrieren)(?: und [^.!?]{1,40})?",
        r"jetzt für [^.!?]{1,60} anmelden",
        r"(?:ihre |deine )?e-?mail(?:-?adresse)?(?: eingeben)?",
        r"(?:vielen )?dank für (?:ihre|deine) anmeldung!?",
    ),
    "consent-notice": (
        r"mit (?:der|ihrer|deiner) (?:anmeldung|registrierung|eintragung) (?:akzeptieren|"
        r"bestätigen|stimmen|erklären) (?:sie|du)[^.!?]{0,160}",
        r"(?:ich )?(?:habe|akzeptiere|stimme) [^.!?]{0,60}datenschutz[^.!?]{0,100}",
    ),
    "cookie-notice": (
        r"(?:diese|unsere) (?:website|webseite|seite|internetseite) (?:verwendet|nutzt|benutzt|"
        r"setzt) cookies\b.*",
        r"wir (?:verwenden|nutzen|setzen|benutzen) cookies\b.*",
        r"datenschutz (?:&|und) cookies:? .*",
        r"cookie-?(?:einstellungen|richtlinie|hinweis|banner|präferenzen)",
        r"(?:alle )?(?:cookies )?(?:akzeptieren|ablehnen|zulassen|erlauben)(?: und (?:schließen|"
        r"weiter))?|einverstanden|verstanden",
    ),
    "script-notice": (
        r"(?:dieser shop|diese (?:seite|website|webseite|anwendung)) (?:setzt voraus|benötigt|"
        r"erfordert)[^.!?]{0,80}javascript.{0,160}",
        r"(?:bitte )?(?:aktivieren sie|aktiviere) (?:bitte )?javascript.{0,160}|javascript ist "
        r"(?:deaktiviert|nicht aktiviert).{0,160}",
        r"ihr browser (?:ist veraltet|wird nicht unterstützt).{0,160}",
    ),
    "related-heading": (
        r"mehr zum thema (?:auf|bei|von) [^.!?]{1,40}",
        r"mehr (?:zum thema|zu diesem thema|dazu|zum thema [^.!?]{1,40}|aus (?:dem ressort|der "
        r"rubrik|dieser rubrik|dieser kategorie|der region)|artikel|beiträge|news|nachrichten|"
        r"videos|themen|aus [^.!?]{1,40})",
        r"mehr (?:zu|zum|zur) [^.!?]{1,50}",
        rf"das (?:könnte|dürfte|wird) {_YOU} (?:auch|ebenfalls|sicher|vielleicht)? ?"
        r"(?:interessieren|gefallen)",
        rf"das könnte {_YOU}",
        rf"(?:das )?(?:thema )?(?:könnte|dürfte) {_YOU} (?:auch )?interessieren",
        rf"(?:das |dies )?interessiert {_YOU} (?:auch|vielleicht|bestimmt)",
        r"(?:auch|ebenfalls|ebenso) interessant|interessant (?:für sie|auch)|auch lesenswert",
        r"zum weiterlesen|weiterlesen|lesen sie auch|lies auch|auch lesen|das lesen sie auch",
        r"schon gelesen\??|lesetipps?|unsere (?:lese)?empfehlungen?|empfehlungen (?:der "
        r"redaktion|für sie|für dich)|tipps der redaktion|redaktionstipps?",
        r"weitere (?:artikel|beiträge|meldungen|nachrichten|news|themen|informationen|infos|"
        r"links|inhalte|videos|bilder|rezepte|produkte|angebote|tipps|geschichten|folgen|"
        r"podcasts|stories|homestorys)(?: (?:zum thema|zu diesem thema|aus der rubrik|aus "
        r"dieser kategorie|aus der kolumne|von [^.!?]{1,40}|zu [^.!?]{1,40}|auf [^.!?]{1,40}))?",
        r"(?:ähnliche|verwandte|passende|zugehörige) (?:artikel|beiträge|themen|produkte|"
        r"rezepte|nachrichten|links|inhalte|videos|meldungen)",
        r"passend (?:dazu|zum thema)|beiträge zum thema|artikel zum thema|zum thema",
        r"weiterführende (?:links|informationen|infos|artikel|inhalte|literatur)",
        r"entdecke(?:n sie)? (?:mehr|weitere|auch|jetzt) [^.!?]{0,40}",
        r"(?:mehr|weitere|alle) (?:artikel |beiträge )?(?:aus|von) (?:der|dem|dieser|diesem) "
        r"[^.!?]{1,30}",
        r"(?:das )?(?:thema )?könnte (?:dich|sie) auch interessieren",
        r"(?:top|aktuelle|neueste|weitere) (?:themen|artikel|nachrichten)",
    ),
    "trending-heading": (
        r"meist(?:gelesen|geklickt|gesehen|kommentiert|geteilt)e?(?: (?:artikel|beiträge|"
        r"nachrichten|news|videos))?|meist gelesen|am meisten gelesen",
        r"(?:die )?beliebtesten? (?:artikel|beiträge|rezepte|themen|nachrichten|videos)",
        r"(?:top|beliebte) (?:artikel|beiträge|themen|news|meldungen|rezepte)|topthemen",
        r"(?:jetzt )?im trend|trends|aktuell|neu(?:este)? (?:artikel|beiträge|nachrichten)",
        r"(?:die )?neuesten (?:artikel|beiträge|nachrichten|meldungen)|letzte beiträge",
        r"neueste beiträge|aktuelle (?:artikel|beiträge|nachrichten|meldungen|news)|news",
    ),
    "source-line": (rf"quellen?\s*:\s*{NAME(9)}", r"quellen(?:angaben)?|quellenangabe"),
    "image-credit": (
        rf"(?:foto|fotos|bild|bilder|grafik|illustration|abbildung|titelbild|beitragsbild|"
        rf"headerbild|teaserbild|bildquelle|fotograf(?:ie)?|bildnachweis|bildrechte|fotocredit)"
        rf"(?: \d+)?\s*:\s*{NAME(11)}",
        rf"(?:foto|bild|fotos|bilder)\s*(?:©|\(c\)|copyright)\s*{NAME(9)}",
        rf"(?:bild|foto) (?:via|von) {NAME(7)}",
        r"(?:abbildung|abb\.|bild|grafik|foto|tabelle|schaubild) ?\d+\s*[:.]\s*.{1,200}",
        r"beitragsbild|bildergalerie|zur bildergalerie|galerie|bild vergrößern|vergrößern",
    ),
    "advertisement-label": (
        r"anzeigen?|werbung|reklame|gesponsert|sponsored|promotion|advertorial",
        r"(?:der )?(?:artikel|text|beitrag) (?:wird )?(?:geht )?(?:nach|unter) der (?:anzeige|"
        r"werbung) (?:weiter|fortgesetzt)|weiter nach der (?:anzeige|werbung)",
        r"werbung (?:schließen|ausblenden)|werbefrei lesen",
    ),
    "follow-us": (
        rf"(?:folge|folgt|folgen sie) (?:uns|mir)"
        rf"(?: (?:auf|bei|über)(?:{SEP}(?:oder|und|{NET}))*)?",
        rf"(?:jetzt )?(?:uns )?auf {NET_LIST} folgen|(?:jetzt )?folgen",
        rf"besuchen sie uns (?:auf|bei) {NET_LIST}",
        r"(?:hol|holen sie) (?:dir|sich) (?:die|unsere) [^.!?]{0,20}app[^.!?]{0,40}",
    ),
    "read-more": (
        r"(?:hier |jetzt )?(?:weiterlesen|weiter lesen|mehr lesen|mehr erfahren|mehr dazu|"
        r"mehr infos|mehr informationen)",
        r"lesen sie (?:hier |jetzt )?(?:weiter|mehr)|zum (?:artikel|beitrag|rezept|video|"
        r"angebot|produkt|shop|download)|zur (?:übersicht|galerie|bildergalerie)",
        r"(?:mehr|alle|weitere) (?:anzeigen|ansehen|laden)|mehr|weiter|alle (?:artikel|beiträge|"
        r"news|meldungen|themen)",
        r"(?:…|\.\.\.)? ?weiter (?:zu|zum|zur|mit) .{1,80}",
        r"(?:siehe auch|lesen sie (?:auch|hier|mehr|dazu)|lies auch|mehr dazu|hier lesen)"
        r"\s*:?\s+.{1,150}",
        r"(?:weitere |mehr )?(?:infos|informationen) (?:unter|auf|bei|gibt es unter) .{1,80}",
        r"(?:lesen|lies|siehe|sehen sie|hören sie)(?: auch| mehr| hier)?\s*:\s*.{1,150}",
        r"(?:mehr|auch|weitere|verwandte)(?: (?:zum thema|artikel|beiträge|themen))?"
        r"\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?(?:leser)?kommentare?(?: \(\d+\))?|keine kommentare(?: vorhanden)?|"
        r"\d+ antworten",
        r"(?:einen |ihren |deinen )?kommentar (?:schreiben|verfassen|hinzufügen|abgeben|posten|"
        r"abschicken|absenden)|(?:jetzt )?kommentieren",
        rf"kommentieren sie(?: (?:den|diesen) {_ARTICLE})?|"
        r"schreibe(?:n sie)? (?:einen|den ersten) kommentar|diskutieren sie mit",
        r"antworten|antwort abbrechen|(?:ihre|deine) meinung(?: ist gefragt)?|"
        r"kommentare (?:anzeigen|ausblenden|lesen|sind geschlossen)",
    ),
    "rating-prompt": (
        rf"(?:wie )?(?:hat|gefällt|gefiel) {_YOU} (?:der|dieser|unser|das|dieses) "
        rf"{_ARTICLE}(?: gefallen)?\??",
        rf"(?:{_ARTICLE} )?bewerten|bewerten sie (?:diesen|den|dieses|das) {_ARTICLE}",
        rf"hier (?:können|kannst) (?:sie|du) (?:den|diesen|das|dieses) {_ARTICLE} bewerten",
        r"\(?(?:noch )?keine bewertung(?:en)?(?: vorhanden)?\)?|\(?\d+ bewertung(?:en)?\)?",
        r"(?:durchschnitt(?:liche bewertung)?|(?:ihre )?bewertung)\s*:\s*[^.!?]{0,40}",
        rf"war (?:dieser|der|dieses|das) {_ARTICLE} hilfreich\??",
    ),
    "author-heading": (
        r"über (?:den|die) (?:autor|autorin|autoren|autorinnen|verfasser|verfasserin)",
        r"(?:der |die )?(?:autor|autorin|autoren|autorinnen|autor:innen|autor\*innen)"
        r"(?: dieses (?:artikels|beitrags))?:?|zur person",
    ),
    "paywall": (
        r"(?:jetzt )?(?:abonnent|abonnentin|mitglied) werden|(?:jetzt )?abo (?:abschließen|"
        r"abschliessen|sichern|testen|wählen)|zum abo|abo",
        r"bereits (?:abonnent|abonnentin|abonniert|registriert|mitglied)\??"
        r"(?: (?:hier |jetzt )?(?:anmelden|einloggen))?",
        rf"dieser {_ARTICLE} ist (?:nur |exklusiv )?(?:für|exklusiv für) (?:abonnenten|"
        r"abonnentinnen|plus-leser|mitglieder|abonnierende)[^.!?]{0,30}",
        r"weiterlesen mit [^.!?]{1,40}|mit [^.!?]{1,20}plus weiterlesen",
    ),
    "navigation": (
        r"startseite|home|zurück|nach oben|zum seitenanfang|seitenanfang|zurück nach oben",
        r"(?:zurück )?zur (?:übersicht|startseite|listenansicht|artikelübersicht|newsübersicht)",
        r"suche|suchen|menü|hauptmenü|navigation|schließen|schliessen|öffnen|mehr menü",
        r"anmelden|einloggen|login|abmelden|ausloggen|registrieren|mein konto|mein profil",
        rf"(?:vorherige[rs]?|nächste[rs]?) (?:{_ARTICLE}|seite)|vorherige|nächste",
        r"druckversion|seite drucken|sie sind hier:? .{1,150}|impressum|datenschutz(?:erklärung)?"
        r"|kontakt:?|agb|sitemap",
        rf"(?:{_SITE_LINK})(?:\s*[|·•/]\s*(?:{_SITE_LINK}|(?:©|copyright) .{{1,60}}))+",
        r"(?:dieses |das )?(?:skript|dokument|artikel|pdf)? ?(?:als pdf )?(?:herunterladen|"
        r"downloaden)|pdf(?: herunterladen| download)?|download",
    ),
    "tag-list": (
        r"(?:schlagwörter|schlagworte|stichwörter|stichworte|themen|tags?|kategorien?|rubriken?|"
        r"abgelegt unter|veröffentlicht in|mehr zu den themen|gespeichert unter)\s*:\s*.{1,150}",
    ),
    "reading-time": (
        r"lesezeit:? (?:ca\. )?\d+ min(?:\.|uten?)?|\d+ min(?:\.|uten?)? lesezeit",
        rf"(?:{_ARTICLE} )?(?:anhören|vorlesen)|(?:jetzt )?anhören",
    ),
    "dateline": (r"(?:zuletzt )?(?:aktualisiert|veröffentlicht)(?: am)?",),
    "post-metadata": (
        r"(?:dieser |der )?(?:beitrag|artikel|eintrag) wurde (?:am|von|in|unter) .{0,180}",
        r"(?:veröffentlicht|gepostet|abgelegt) (?:in|unter|von) .{1,100}|permanentlink",
    ),
}
