"""From what someone typed in Slack to tokens the parser can reason about.

Slack sends markup (``<@U123|dana>``, ``<mailto:a@b.c|a@b.c>``, links, channels, emoji codes), people add
filler ("hey", "quick q", "can you tell me"), contractions ("where's") and possessives ("jane's"). This
module removes what carries no meaning, keeps what does (mentions become person tokens, emails stay whole)
and returns tokens that keep the words as typed (for names) beside their matching form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from ashby.normalize import normalize

#: The longest text read: Slack allows 40,000 characters, no question is longer than a few hundred, and a
#: bound keeps every pattern below linear in practice on hostile input.
MAX_TEXT = 2000
_SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>(?:'s\b)?")
_MAILTO = re.compile(r"<mailto:([^|<>]+)(?:\|[^<>]*)?>")
_LINK = re.compile(r"<((?:https?://|tel:)[^|<>]*)(?:\|([^<>]*))?>")
_CHANNEL = re.compile(r"<#C[A-Z0-9]+(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<![^>]*>")
_EMOJI_CODE = re.compile(r":[a-z0-9_+'-]+:(?::skin-tone-\d:)?", re.IGNORECASE)
_FORMATTING = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")
_TOKEN = re.compile(
    r"(?P<email>(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<mention>\x01[UW][A-Z0-9]+)"
    r"|(?P<req>\b(?:req|requisition)[-\s#]?\d+\b)"
    r"|(?P<word>\w+(?:['.]\w+)*(?:'s?)?)",
    re.IGNORECASE,
)
_CONTRACTIONS = {
    "what's": "what is",
    "whats": "what is",
    "where's": "where is",
    "wheres": "where is",
    "who's": "who is",
    "whos": "who is",
    "how's": "how is",
    "hows": "how is",
    "when's": "when is",
    "that's": "that is",
    "it's": "it is",
    "there's": "there is",
    "here's": "here is",
    "let's": "let us",
    "hasn't": "has not",
    "hasnt": "has not",
    "haven't": "have not",
    "havent": "have not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "doesn't": "does not",
    "doesnt": "does not",
    "don't": "do not",
    "dont": "do not",
    "won't": "will not",
    "can't": "can not",
    "cant": "can not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "we're": "we are",
    "they're": "they are",
    "you're": "you are",
    "she's": "she is",
    "he's": "he is",
}
#: Openers and politeness that never change what is asked, removed before tokenising.
_FILLER = re.compile(
    r"\b(?:hey+|hi+|hello|yo|hiya|heya|morning|good (?:morning|afternoon)|quick (?:q|qq|question)|qq|q:"
    r"|(?:can|could|would|will) (?:you|u) (?:please |pls |plz )?(?:tell|show|give|let) me(?: know)?"
    r"|(?:do|does) (?:you|anyone|any1) know|i (?:was )?(?:wonder(?:ing)?|need to know|want to know)"
    r"|(?:i'?d|i would) like to know|any idea|sorry|thanks|thank you|thx|ty|please|pls|plz|pleeease|kindly"
    r"|fyi|btw|lmk|asap|(?:tell|show|give|send|get|let) me(?: know)?)\b[,:!]?",
    re.IGNORECASE,
)


_GREETING = re.compile(r"(?:hey+|hi+|hello|yo|hiya|heya|good morning|morning)(?: there| all| bot| ashby)?", re.I)


@dataclass(frozen=True, slots=True)
class Token:
    """One word as typed (``text``) and in its matching form (``norm``)."""

    text: str
    norm: str
    kind: str = "word"  # word | email | mention | req
    possessive: bool = False


@dataclass(frozen=True, slots=True)
class Cleaned:
    tokens: tuple[Token, ...]
    #: Nothing but a greeting ("hi", "hello there") or nothing at all: the answer is what the bot can do.
    greeting: bool
    #: The text after a colon, kept as typed: a note's text ("note jane: great call").
    after_colon: str | None
    #: A question mark was typed: the sentence asks, it does not instruct.
    asks: bool = False


def clean(text: str, *, bot_user_id: str | None = None) -> Cleaned:
    """Tokens of ``text`` with Slack markup, emoji, filler and punctuation removed; mentions of the bot
    itself (``bot_user_id``) are addressing, not a person asked about."""
    text = (text or "")[:MAX_TEXT]
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^<>]*)?>", " ", text)
    nothing_said = not text.strip()
    colon = _note_text(text)
    text = "".join(_INVISIBLE.get(ch, " ") if _is_symbol(ch) else ch for ch in text)
    text = html.unescape(text)  # Slack escapes &, < and > in what people type
    text = _MAILTO.sub(r" \1 ", text)
    text = _SLACK_USER.sub(lambda m: f" \x01{m.group(1)} ", text)
    text = _LINK.sub(lambda m: f" {m.group(2) or ''} ", text)
    text = _CHANNEL.sub(" ", text)
    text = _SPECIAL.sub(" ", text)
    text = _EMOJI_CODE.sub(" ", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ").replace("`", "'")
    text = _FORMATTING.sub(" ", text)
    text = re.sub(r"(?:^|\s)#\s*(?=\s|in\b|of\b)", " number ", text)
    greeting = nothing_said or bool(_GREETING.fullmatch(text.strip(" !.,?")))
    asks = "?" in text
    text = _FILLER.sub(" ", text)
    return Cleaned(tokens=tuple(_tokens(text)), greeting=greeting, after_colon=colon, asks=asks)


#: Characters that join or steer text without being seen: dropped, not turned into a space ("doe\u200e's").
_INVISIBLE = dict.fromkeys("\u200b\u200c\u200d\u200e\u200f\u2060\ufe0f\ufeff\u202a\u202b\u202c\u202d\u202e", "")


def _is_symbol(char: str) -> bool:
    """Emoji, pictographs and invisible formatting characters."""
    return char in _INVISIBLE or unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Cc", "Cf")


#: A colon outside Slack's <...> markup (not the one in "mailto:" or "https:").
_COLON = re.compile(r"<[^<>]*>|:")
#: A short lead-in before a colon is not where a note starts ("re: jane doe - add a note: ...").
_LEAD_IN = re.compile(r"^\W*(?:re|fyi|q|qq|btw|note|update|ps)\W*$", re.IGNORECASE)


def _note_text(text: str) -> str | None:
    """The text after the first colon that ends more than a lead-in, as typed, with Slack's markup made
    readable for Ashby: mentions as @name, links as their label and address."""
    start = 0
    for found in _COLON.finditer(text):
        if found.group(0) != ":":
            continue
        if _LEAD_IN.match(text[start : found.start()]):
            start = found.end()
            continue
        tail = text[found.end() :]
        readable = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), tail)
        readable = _SLACK_USER.sub(lambda m: f"@{m.group(2) or m.group(1)}", readable)
        readable = _MAILTO.sub(r"\1", html.unescape(readable))
        return " ".join(readable.split()) or None
    return None


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        kind = found.lastgroup or "word"
        raw = found.group(0)
        if kind == "email":
            tokens.append(Token(raw, raw.lower(), "email"))
        elif kind == "mention":
            tokens.append(Token(raw[1:], raw[1:], "mention"))
        elif kind == "req":
            tokens.append(Token(raw, normalize(raw).replace(" ", ""), "req"))
        else:
            tokens.extend(_words(raw))
    return tokens


def _words(raw: str) -> list[Token]:
    lowered = raw.casefold()
    if lowered in _CONTRACTIONS:
        return [Token(w, w) for w in _CONTRACTIONS[lowered].split()]
    possessive = False
    if len(raw) > 2 and lowered.endswith("'s"):
        raw, possessive = raw[:-2], True
    elif len(raw) > 2 and lowered.endswith("s'"):
        raw, possessive = raw[:-1], True
    raw = raw.strip("'.-")
    if not raw:
        return []
    norm = normalize(raw)
    if not norm:
        return []
    return [Token(raw, norm, "word", possessive)]
