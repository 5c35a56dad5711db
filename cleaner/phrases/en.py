"""English furniture lines. Also tried on pages in every other language: share bars, "Related"
and "Advertisement" labels in English are common on sites that write in another language."""

from __future__ import annotations

from cleaner.phrases._fragments import NAME, NET, NET_LIST, SEP, SHARE_ITEM

# The label of a dateline: the phrase machinery puts a date (and a time) after it.
DATELINE_WORDS = (
    r"(?:first |originally )?(?:published|posted|updated|last updated|modified)(?: on| at)?"
)

PHRASES: dict[str, tuple[str, ...]] = {
    "skip-link": (
        r"(?:skip|jump) (?:to )?(?:the )?(?:(?:main|primary|site) )?"
        r"(?:content|navigation|nav|menu|search|footer|article|story|sidebar|results|comments|ad)",
    ),
    "share-bar": (
        r"share(?: (?:this|the))?(?: (?:article|story|post|page|link|video|gallery))?",
        rf"share(?: (?:this|the)(?: (?:article|story|post|page|link|video))?)? "
        rf"(?:to|on|via|with|in)(?:{SEP}(?:or|and|{NET}))*",
        rf"{SHARE_ITEM}(?:{SEP}(?:(?:or|and) )?{SHARE_ITEM})+",
        r"(?:tweet|print|e-?mail|copy link|copy url|link copied(?: to clipboard)?|copied|pin it)"
        r"(?: (?:this|the))?(?: (?:article|story|page|link))?",
        r"(?:\d+(?:[.,]\d+)?k? )?shares?",
    ),
    "newsletter-signup": (
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
        r"never miss [^.!?]{0,60}? by signing up[^.!?]{0,80}",
    ),
    "recaptcha-notice": (
        r"(?:this (?:site|page|form) is )?protected by recaptcha(?: enterprise)?[^.!?]{0,80}?"
        r"(?:privacy policy|terms of service)[^.!?]{0,40}",
    ),
    "consent-notice": (
        r"by (?:signing up|subscribing|submitting|clicking|registering|continuing|entering)"
        r"[^.!?]{0,100}? (?:our |the )?(?:privacy policy|terms(?: of (?:service|use))?|"
        r"cookie policy)(?: and (?:our |the )?(?:privacy policy|terms(?: of (?:service|use))?|"
        r"cookie policy))?",
    ),
    "cookie-notice": (
        r"(?:we|this (?:web)?site|our (?:web)?site|this page) uses? cookies\b"
        r"(?=.*\b(?:experience|consent|accept|agree|policy|browsing|personali[sz]|analy[sz]|"
        r"improve|continu)).*",
        r"(?:accept|reject|allow|decline|refuse)(?: all| necessary| essential)? cookies",
        r"cookies? (?:settings|preferences|policy|consent|notice)",
        r"manage (?:cookies|cookie settings|preferences|consent)",
        r"(?:accept|reject|decline) all|got it",
    ),
    "script-notice": (
        r"(?:please )?(?:enable|turn on|activate) javascript[^.!?]{0,100}[.!]?(?: .{0,120})?",
        r"(?:this|the) (?:site|website|page|app|shop|content) (?:requires|needs) "
        r"javascript.{0,160}",
        r"(?:you need to|you must) enable javascript.{0,160}|"
        r"javascript is (?:disabled|required).{0,160}",
        r"your browser (?:is out of date|is not supported|does not support).{0,160}",
    ),
    "related-heading": (
        r"(?:related|more|recommended|suggested|similar|further|other)"
        r"(?: (?:top|popular|latest))? (?:articles?|stories|story|posts?|coverage|content|news|"
        r"reading|reads|links|topics|videos?|items|headlines)",
        r"related|recommended(?: for you)?|up next|next up|keep reading|see also|also read|"
        r"read (?:next|also)|what to read next|don't miss|editor'?s'? picks?",
        r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)",
        r"more (?:on|about) (?:this|the) (?:story|topic|subject)|more in this (?:section|category)",
        r"(?:from )?around the web|from the web",
    ),
    "trending-heading": (
        r"(?:top |now )?trending(?: (?:now|today|stories|articles|news|posts|topics|videos))?",
        r"most (?:read|popular|viewed|shared|commented|emailed|watched|recent)"
        r"(?: (?:articles|stories|news|posts|this week|today|now))?",
        r"popular(?: (?:now|today|stories|articles|posts|news|this week))?",
        r"(?:top|latest|breaking) (?:stories|news|headlines|articles|posts)|latest",
        r"what's (?:hot|trending|popular)|hot (?:topics|stories|right now)",
        r"editor'?s'? choice|in case you missed it|icymi",
    ),
    "source-line": (rf"source\s*:\s*{NAME(7)}",),
    "image-credit": (
        rf"(?:photo|image|picture|illustration|graphic|photograph|cover|featured)"
        rf"(?: image| photo)?(?: credits?| source)?\s*:\s*{NAME(11)}",
        rf"credits?\s*:\s*{NAME(11)}",
        r"(?:image|media|video) (?:caption|source)(?:,[^.!?]{0,80})?",
        r"(?:figure|fig\.|image|photo|illustration|chart) ?\d+\s*[:.]\s*.{1,200}",
        rf"(?:photo|image)s? (?:by|courtesy(?: of)?) {NAME(7)}",
    ),
    "advertisement-label": (
        r"advertisement|advertising|advert|ads?|ad feedback|report (?:this )?ad|remove ads",
        r"sponsored(?: (?:content|post|article|links?|stories))?|sponsored by [^.!?]{1,40}",
        r"paid (?:content|post|partnership|promotion)|promoted(?: (?:content|stories|links?))?|"
        r"partner content",
        r"(?:story|article|text|content) continues (?:below|after)"
        r"(?: (?:the |this )?(?:advertisement|ad|advert))?",
        r"continue reading (?:below|after (?:the |this )?(?:advertisement|ad))|"
        r"scroll (?:down )?to continue(?: (?:reading|with content))?",
    ),
    "follow-us": (
        rf"(?:follow|like|find|join|connect with) us(?: (?:on|at|via)(?:{SEP}(?:or|and|{NET}))*)?",
        rf"follow [\w.@'-]+(?: [\w.@'-]+){{0,3}} on {NET_LIST}",
        rf"subscribe to (?:our|the) (?:\w+ )?(?:channel|podcast|feed)(?: on {NET_LIST})?",
        r"(?:get|download|install) (?:the|our) (?:\w+ )?app(?: (?:for|on) [^.!?]{1,30})?",
    ),
    "read-more": (
        r"read (?:more|on|the rest|full (?:story|article)|"
        r"the (?:full|whole|rest of the) (?:story|article|report|text))",
        r"continue reading(?: (?:the main story|the article|this story|below))?",
        r"click here to (?:read|continue|see)(?: more)?",
        r"(?:show|load|see|view) (?:more|all|less)"
        r"(?: (?:stories|articles|news|comments|results|posts))?",
        r"(?:read|see|watch|listen)(?: more| also| next| too)?\s*:\s*.{1,150}",
        r"(?:related|more|also|recommended)(?: (?:stories|story|articles?|coverage|reading))?"
        r"\s*:\s*.{1,150}",
        r"(?:for )?more (?:info|information|details) (?:at|on|visit) .{1,80}",
    ),
    "comments": (
        r"(?:\d+ )?comments?(?: \(\d+\))?|\d+ (?:replies|responses)|no comments(?: yet)?",
        r"(?:leave|post|add|write|view|show|hide|load|read|see)(?: an?| the| all| your)?(?: \d+)?"
        r" (?:comments?|reply|replies|responses?)",
        r"join the (?:conversation|discussion|debate)|be the first to comment",
        r"comments? (?:are|is) (?:closed|disabled)|comment on this (?:article|story)",
    ),
    "rating-prompt": (
        r"rate this(?: (?:article|story|post|recipe))?",
        r"(?:was|is) this (?:article|story|post|page|information)(?: (?:helpful|useful))?\??",
        r"how (?:useful|helpful) (?:was|is) this (?:article|post|page)\??",
        r"\d+(?:[.,]\d+)? (?:out of \d+ )?(?:stars?|ratings?|votes?)(?: \(\d+\))?",
        r"(?:average rating|no ratings yet|no votes so far)[^.!?]{0,40}",
        r"click (?:on a star )?to rate(?: it)?!?",
        r"(?:while you(?:'re| are) here\W*)?if you (?:enjoyed|liked|value|appreciate)"
        r" (?:reading )?(?:this|our) (?:post|article|story|work|journalism)[^.!?]{0,100}\??",
    ),
    "author-heading": (
        r"about the (?:author|authors|writer|contributor)s?|the author|author bio|written by",
        r"about (?:the )?(?:author|writer)[^.!?:]{0,40}",
    ),
    "paywall": (
        r"(?:subscribe|sign in|log in|register)(?: now)? to (?:continue reading|keep reading|"
        r"read (?:more|the full (?:story|article))|unlock(?: this)? (?:article|story))",
        r"this (?:article|story|content) is (?:for|available (?:only )?to|exclusive to) "
        r"(?:subscribers|members|premium members)(?: only)?",
        r"already an? (?:subscriber|member)\??(?: (?:sign|log) ?in)?",
        r"you have \d+ free (?:articles?|stories) (?:left|remaining)(?: this month)?",
    ),
    "navigation": (
        r"home|menu|main menu|search|close|open menu|toggle (?:navigation|menu)|sitemap",
        r"(?:back|return) to (?:top|home|homepage)",
        r"(?:previous|next)(?: (?:article|story|post|page))?",
        r"home ?[\u203a\u00bb>/|] ?.{1,150}|you are here:? .{1,150}",
        r"log ?in|sign ?in|log ?out|sign ?out|register|my account|create (?:an )?account",
        r"print this (?:page|article)",
        r"(?:pdf|docx?|xlsx?|pptx?|zip|mp3|epub)(?: \| [\d.,]+ ?[kmg]i?b)?(?: \| [^.!?]{1,40})?",
    ),
    "tag-list": (
        r"(?:tags?|topics?|filed under|categories|category|keywords|related topics|posted in)"
        r"\s*:\s*.{1,150}",
    ),
    "reading-time": (
        r"listen to (?:this|the) (?:article|story)(?: \d+ min(?:ute)?s?)?",
        r"\d+ min(?:ute)?s? read|reading time:? \d+ min(?:ute)?s?",
    ),
    "author-contact": (
        r"(?:contact|e-?mail|reach|write to) [^.!?@]{1,60}? (?:at|via|on) [\w.+-]+@[\w.-]+"
        r"(?: or [^.!?]{1,80})?",
        r"(?:follow|contact) (?:him|her|them|the author|the writer) (?:on|at|via) [^.!?]{1,80}",
    ),
    "republish-notice": (
        r"(?:our|this|these) (?:stories|story|articles?|content|reporting)"
        r"[^.!?]{0,60}? (?:may|can) be republished[^!?]{0,140}",
        r"republish (?:this|our) (?:story|article)[^.!?]{0,80}",
    ),
    "copyright": (r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,180}",),
}
