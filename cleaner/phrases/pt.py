"""Portuguese furniture lines ("Leia também", "Veja também", "Compartilhe no Facebook",
"Publicado em 3 de março de 2024")."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = r"(?:publicado|atualizado|modificado)(?: em| às)?"

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (r"(?:ir|saltar|pular) para o (?:conteúdo|menu)(?: principal)?",),
    "share-bar": (
        rf"(?:compartilh(?:ar|e)|partilh(?:ar|e))"
        rf"(?: (?:no|na|por|via|em)(?:{SEP}(?:ou|e|{NET}))*)?",
        r"imprimir|copiar (?:o )?link|link copiado|enviar por e-?mail",
    ),
    "newsletter-signup": (
        r"(?:assine|inscreva-se|cadastre-se) (?:a|na|em) (?:nossa|a) [^.!?]{0,40}?newsletter"
        r"[^.!?]{0,40}|newsletter|inscreva-se|(?:seu )?e-?mail",
    ),
    "cookie-notice": (
        r"(?:este site|utilizamos|usamos)[^.!?]{0,40}cookies\b.*",
        r"(?:aceitar|rejeitar|recusar)(?: todos| os cookies)?",
    ),
    "related-heading": (
        r"(?:leia|veja) também|(?:notícias|artigos|matérias) relacionad[oa]s|relacionad[oa]s|"
        r"(?:você|voce) (?:também )?pode gostar|mais (?:sobre|notícias)|recomendados|"
        r"leia mais sobre [^.!?]{1,40}",
    ),
    "trending-heading": (r"(?:as )?mais (?:lidas|lidos|vistas|vistos|populares)|últimas notícias",),
    "source-line": (rf"fontes?\s*:\s*{NAME(7)}",),
    "image-credit": (rf"(?:foto|fotos|imagem|crédito|créditos)\s*:\s*{NAME(11)}",),
    "advertisement-label": (r"publicidade|anúncio|conteúdo patrocinado|patrocinado",),
    "follow-us": (
        rf"siga-nos(?: (?:no|na|em)(?:{SEP}(?:ou|e|{NET}))*)?|siga [^.!?]{{1,40}} no "
        rf"{NET_LIST}",
    ),
    "read-more": (
        r"(?:leia|ler|ver|saiba) mais|continue lendo|continuar lendo|"
        r"(?:leia|veja)(?: também)?\s*:\s*.{1,150}",
    ),
    "comments": (
        r"(?:\d+ )?comentários?(?: \(\d+\))?|(?:deixe|escreva|adicione) um comentário|"
        r"responder|sem comentários",
    ),
    "rating-prompt": (r"(?:avalie|classifique) (?:este|esta) (?:artigo|matéria|notícia)",),
    "author-heading": (r"sobre o autor|sobre a autora|(?:o )?autor|(?:a )?autora",),
    "paywall": (
        r"(?:conteúdo )?exclusivo para assinantes|já é assinante\s*\??(?: entre)?|"
        r"assine (?:já|agora)",
    ),
    "navigation": (
        r"início|voltar(?: ao topo)?|buscar|pesquisar|fechar|menu|entrar|minha conta|"
        r"(?:anterior|próximo|próxima)(?: artigo| notícia)?",
    ),
    "tag-list": (r"(?:tags?|temas|tópicos|categorias?|assuntos)\s*:\s*.{1,150}",),
    "reading-time": (
        r"(?:tempo de )?leitura\s*:?\s*\d+ ?min(?:utos?)?|\d+ ?min(?:utos?)? de "
        r"leitura",
    ),
}
