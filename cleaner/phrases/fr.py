"""French furniture lines ("À lire aussi", "Partager sur Facebook", "Publié le 3 mars 2024",
"Crédits photo : AFP")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

_ARTICLE = r"(?:l'article|cet article|l'article|la page|cette page|ce contenu|cette vidéo)"

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:publié|mis à jour|modifié|actualisé|posté)(?: le| à)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (
        r"(?:aller|passer|accéder) (?:directement )?(?:au|à la) (?:contenu|navigation|menu|"
        r"recherche|pied de page)(?: principal)?|aller au contenu",
    ),
    "share-bar": (
        rf"partager(?: {_ARTICLE})?(?: (?:sur|par|via)(?:{SEP}(?:ou|et|{NET}))*)?",
        rf"(?:partager|envoyer) (?:sur|par|via) {NET}",
        rf"imprimer(?: {_ARTICLE})?|copier le lien|lien copié|envoyer par e-?mail|j'aime",
    ),
    "newsletter-signup": (
        r"(?:inscrivez-vous|abonnez-vous|inscription) (?:à|a) (?:notre|la|nos) [^.!?]{0,40}?"
        r"(?:newsletters?|lettres? d'information)",
        r"(?:recevez|recevoir) (?:notre|la|nos) [^.!?]{0,40}?(?:newsletters?|lettres? "
        r"d'information)[^.!?]{0,40}",
        r"(?:la |notre )?newsletters?|s'inscrire|je m'inscris|(?:votre )?adresse e-?mail",
    ),
    "cookie-notice": (
        r"(?:ce site|notre site|nous) (?:utilise|utilisons) des cookies\b.*",
        r"(?:tout )?(?:accepter|refuser)(?: (?:tout|les cookies))?|paramétrer les cookies|"
        r"gérer (?:les )?cookies",
    ),
    "related-heading": (
        r"(?:à )?lire (?:aussi|également|la suite|plus)|(?:à )?voir aussi|"
        r"sur le même (?:sujet|thème)",
        r"dans la même rubrique|articles? (?:similaires|liés|associés|recommandés)|"
        r"(?:plus|d'autres) d'articles|nos articles|(?:vous )?(?:aimerez|pourriez) aussi "
        r"(?:aimer)?|vous aimerez aussi|ça peut vous intéresser|ces articles peuvent vous "
        r"intéresser|(?:les )?articles? (?:les plus )?récents|en relation|pour aller plus loin",
        r"(?:et )?aussi|nos derniers articles|derniers articles|recommandé pour vous",
    ),
    "trending-heading": (
        r"(?:les )?plus (?:lus|populaires|partagés|commentés)|les plus lus|à la une|"
        r"tendances?|en ce moment|les articles les plus lus",
    ),
    "source-line": (rf"sources?\s*:\s*{NAME(7)}",),
    "image-credit": (
        rf"(?:crédits?|crédit) (?:photos?|images?)?\s*:\s*{NAME(11)}",
        rf"(?:photos?|illustration|image)\s*:\s*{NAME(11)}",
        rf"©\s*{NAME(9)}",
    ),
    "advertisement-label": (r"publicité|pub|contenu sponsorisé|sponsorisé|partenariat",),
    "follow-us": (
        rf"suivez-nous(?: (?:sur|via)(?:{SEP}(?:ou|et|{NET}))*)?|suivez [^.!?]{{1,40}} sur "
        rf"{NET_LIST}|rejoignez-nous(?: sur [^.!?]{{1,40}})?",
    ),
    "read-more": (
        r"lire la suite|en savoir plus|lire plus|voir (?:plus|tout|la suite)|découvrir|"
        r"(?:lire|voir)(?: aussi)?\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?commentaires?(?: \(\d+\))?|(?:laisser|ajouter|écrire|poster) un commentaire|"
        r"réagir|réagissez|(?:aucun|pas de) commentaire|répondre",
    ),
    "rating-prompt": (r"(?:noter|évaluer) cet article|cet article vous a-t-il été utile\s*\??",),
    "author-heading": (r"(?:à propos de l'auteur|l'auteur|l'autrice|les auteurs)(?:e)?",),
    "paywall": (
        r"(?:réservé|article réservé) aux abonnés|(?:déjà abonné|vous êtes abonné)\s*\??"
        r"(?: (?:se connecter|connectez-vous))?|(?:je m'abonne|s'abonner|abonnez-vous)",
    ),
    "navigation": (
        r"accueil|retour|retour en haut(?: de (?:la )?page)?|haut de page|rechercher|recherche|"
        r"fermer|menu|se connecter|connexion|mon compte|(?:article )?(?:précédent|suivant)|"
        r"vous êtes ici\s*:? .{1,150}|mentions légales|plan du site",
    ),
    "tag-list": (r"(?:mots-clés|mots clés|tags?|thèmes?|catégories?|rubriques?)\s*:\s*.{1,150}",),
    "reading-time": (
        r"(?:temps de )?lecture\s*:?\s*\d+ ?min(?:utes?)?|\d+ ?min(?:utes?)? de lecture",
    ),
}
