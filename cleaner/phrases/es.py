"""Spanish furniture lines ("Lee también", "Te puede interesar", "Compartir en Facebook",
"Publicado el 3 de marzo de 2024")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:publicado|actualizado|modificado)(?: el| a las)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (r"(?:ir|saltar) al (?:contenido|menú)(?: principal)?",),
    "share-bar": (
        rf"compart(?:ir|e)(?: (?:esta|la) (?:noticia|nota|página))?"
        rf"(?: (?:en|por|vía)(?:{SEP}(?:o|y|{NET}))*)?",
        r"imprimir|copiar (?:el )?enlace|enlace copiado|enviar por (?:e-?mail|correo)",
    ),
    "newsletter-signup": (
        r"(?:suscríbete|suscribete|regístrate|apúntate) (?:a|al|en) (?:nuestro|nuestra|el|la) "
        r"[^.!?]{0,40}?(?:newsletter|boletín)[^.!?]{0,40}",
        r"(?:newsletter|boletín)(?: [^.!?]{0,30})?|suscríbete|suscribirse|(?:tu )?correo "
        r"electrónico",
    ),
    "cookie-notice": (
        r"(?:este sitio|esta web|utilizamos|usamos)[^.!?]{0,40}cookies\b.*",
        r"(?:aceptar|rechazar)(?: todo| todas| las cookies)?|configurar cookies",
    ),
    "related-heading": (
        r"(?:lee|lea) también|(?:te|le) puede interesar|también (?:te|le) puede interesar|"
        r"(?:noticias|artículos|notas) relacionad[oa]s|más noticias|(?:contenido )?relacionado|"
        r"también (?:te|le) (?:podría|puede) (?:gustar|interesar)|más (?:sobre|de) [^.!?]{1,40}|"
        r"te recomendamos|recomendados|ver también|sigue leyendo",
    ),
    "trending-heading": (
        r"lo más (?:leído|visto|popular|compartido)|más leídas?|tendencias?|"
        r"últimas noticias",
    ),
    "source-line": (rf"fuentes?\s*:\s*{NAME(7)}",),
    "image-credit": (rf"(?:foto|fotos|imagen|crédito|créditos|fotografía)\s*:\s*{NAME(11)}",),
    "advertisement-label": (r"publicidad|anuncio|contenido patrocinado|patrocinado",),
    "follow-us": (
        rf"síguenos(?: (?:en|vía)(?:{SEP}(?:o|y|{NET}))*)?|sigue a [^.!?]{{1,40}} en "
        rf"{NET_LIST}",
    ),
    "read-more": (
        r"(?:leer|ver) más|seguir leyendo|continuar leyendo|(?:lee|ver|lea)(?: también)?"
        r"\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?comentarios?(?: \(\d+\))?|(?:deja|dejar|escribe|añadir) un comentario|"
        r"responder|(?:sin|no hay) comentarios",
    ),
    "rating-prompt": (
        r"(?:valora|califica) (?:este|esta) (?:artículo|nota|noticia)|"
        r"¿?te ha (?:sido útil|gustado) (?:este|esta) (?:artículo|nota)\??",
    ),
    "author-heading": (
        r"sobre el autor|sobre la autora|acerca del autor|(?:el )?autor|(?:la )?autora",
    ),
    "paywall": (
        r"(?:contenido )?exclusivo para suscriptores|¿?ya eres suscriptor\??"
        r"(?: inicia sesión)?|suscríbete para (?:seguir leyendo|leer más)",
    ),
    "navigation": (
        r"inicio|portada|volver(?: arriba| al inicio)?|buscar|búsqueda|cerrar|menú|"
        r"iniciar sesión|mi cuenta|(?:anterior|siguiente)(?: artículo| noticia)?",
    ),
    "tag-list": (r"(?:etiquetas|temas|tags?|categorías?|secciones?)\s*:\s*.{1,150}",),
    "reading-time": (
        r"(?:tiempo de )?lectura\s*:?\s*\d+ ?min(?:utos?)?|\d+ ?min(?:utos?)? de "
        r"lectura",
    ),
}
