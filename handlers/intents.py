"""What the person asked for, as one ``Intent``: the ``/ashby`` command grammar lives here; questions in
plain words are read by ``handlers.language`` into the same ``Intent``, so both are answered identically.

Parsing is pure (no I/O). An ``Intent`` also travels in a button's value (the ask-back buttons), as compact
JSON of the fields that differ from their defaults.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

Kind = Literal[
    "help",
    "candidate",
    "pipeline",
    "jobs",
    "interviews",
    "feedback",
    "offers",
    "stale",
    "approvals",
    "unknown",
    # channel and personal notification settings
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "notifications",
    # writes: each previews first and runs only when confirmed
    "move",
    "reject",
    "hire",
    "note",
    "tag",
    "untag",
    "add",
    "transfer",
]
WRITE_KINDS = frozenset({"move", "reject", "hire", "note", "tag", "untag", "add", "transfer"})
When = Literal["today", "tomorrow", "week", "next_week", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: The one fact a question asks about a candidate or a job ("who is the recruiter for jane doe").
Fact = Literal[
    "stage",
    "jobs",
    "days",
    "status",
    "source",
    "tags",
    "recruiter",
    "hiring_manager",
    "coordinator",
    "contact",
    "next_interview",
    "interviews",
    "feedback_owed",
    "recommendation",
    "feedback",
    "offer",
    "stage_count",
    "stage_who",
    "active_count",
]

COMMAND_WORDS = (
    "help",
    "subscribe",
    "unsubscribe",
    "subscriptions",
    "notifications",
    "candidate",
    "job",
    "pipeline",
    "jobs",
    "interviews",
    "feedback",
    "offers",
    "stale",
    "approvals",
    "move",
    "reject",
    "hire",
    "note",
    "tag",
    "untag",
    "add",
    "transfer",
)
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^<>]*)?>[\s:,]*")
_SLACK_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^<>]*)?>")
_MAILTO = re.compile(r"<mailto:([^|<>]+)(?:\|[^<>]*)?>")
#: Longer command text is cut: no command is longer, and it keeps every pattern here cheap.
MAX_COMMAND = 2000
#: The longest button value Slack sends back.
MAX_VALUE = 2000
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


_KINDS = frozenset(Kind.__args__)  # type: ignore[attr-defined]
FACTS = frozenset(Fact.__args__)  # type: ignore[attr-defined]
_WHENS = frozenset(When.__args__)  # type: ignore[attr-defined]
#: What each field of an ``Intent`` may hold when it comes back in a button value.
_VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    **dict.fromkeys(
        ("kind", "query", "stage", "when", "who", "target", "text", "fact", "job", "department", "location", "user_id"),
        (str, type(None)),
    ),
    "pending": bool,
    "private": bool,
}


@dataclass(frozen=True, slots=True)
class Intent:
    kind: Kind
    query: str | None = None  # a candidate (name or email) or a job (title or requisition id)
    stage: str | None = None  # "who's in onsite for ..." narrows a pipeline to one stage
    when: When | None = None  # a day or period; None when none was named (interviews: today)
    who: str | None = None  # "me", a Slack user id, or None for everyone visible
    pending: bool = False  # offers awaiting approval / feedback not yet in
    suggestions: tuple[str, ...] = ()
    target: str | None = None  # where to: a stage (move), a job (add, transfer) or a tag (tag, untag)
    text: str | None = None  # a note's text
    private: bool = False  # a private note
    fact: Fact | None = None  # the one fact asked for; None for the whole card
    job: str | None = None  # a job named beside a candidate ("jane's stage for the backend role")
    department: str | None = None  # open jobs of one department / location
    location: str | None = None
    user_id: str | None = None  # an Ashby user named in words ("dana whitfield's interviews")

    def to_value(self) -> str:
        """The intent as a button value (Slack allows 2,000 characters; questions are far shorter)."""
        fields = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default and f.name != "suggestions"
        }
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_value(cls, value: str) -> Intent | None:
        """The intent a button carries, or None when the value is not one (tampered or from an old card)."""
        if not value or len(value) > MAX_VALUE:
            return None
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not set(data) <= set(_VALUE_TYPES) or data.get("kind") not in _KINDS:
            return None
        if not all(isinstance(v, _VALUE_TYPES[k]) for k, v in data.items()):
            return None
        if data.get("fact") not in (None, *FACTS) or data.get("when") not in (None, *_WHENS):
            return None
        return cls(**data)

    @property
    def label(self) -> str:
        """The intent as one word ("candidate.recruiter", "job.stage_count", "move"), for tests and metrics."""
        if self.kind == "candidate":
            return f"candidate.{self.fact}" if self.fact else "candidate"
        if self.kind == "feedback":
            return "candidate.feedback_owed" if self.pending else "candidate.feedback"
        if self.kind == "pipeline":
            return f"job.{self.fact}" if self.fact else "job.pipeline"
        if self.kind == "stale":
            return "job.stale" if self.query else "stale"
        if self.kind == "offers":
            return "offers.pending" if self.pending else "offers"
        if self.kind == "interviews" and self.query:
            return "candidate.interviews"
        return self.kind


def parse_command(text: str) -> Intent | None:
    """``/ashby <text>``: a sub-command, or None when the text is a name or a question in plain words."""
    text = _clean(text[:MAX_COMMAND])
    if not text:
        return Intent("help")
    word, _, rest = text.partition(" ")
    word = word.casefold()
    rest = rest.strip()
    if word in ("help", "?", "-h", "--help"):
        return Intent("help")
    if word in ("candidate", "c", "find", "who"):
        return Intent("candidate", query=rest) if rest else Intent("help", suggestions=("/ashby candidate Jane Doe",))
    if word in ("job", "pipeline", "p"):
        return Intent("pipeline", query=rest) if rest else Intent("jobs")
    if word in ("jobs", "roles", "openings"):
        return Intent("jobs")
    if word in ("interviews", "interview", "schedule"):
        return _interviews(rest)
    if word in ("feedback", "scorecards", "scorecard"):
        return Intent("feedback", query=rest) if rest else Intent("help", suggestions=("/ashby feedback Jane Doe",))
    if word in ("offers", "offer"):
        return Intent("offers", pending=rest.casefold() in ("pending", "waiting", "approval", "approvals"))
    if word in ("stale", "stuck"):
        return Intent("stale", query=rest or None)
    if word in ("approvals", "approve", "approval"):
        return Intent("approvals")
    if word in ("subscribe", "follow", "watch"):
        return Intent("subscribe", query=rest)
    if word in ("unsubscribe", "unfollow", "unwatch"):
        return Intent("unsubscribe", query=rest)
    if word in ("subscriptions", "subscribed", "following"):
        return Intent("subscriptions")
    if word in ("notifications", "notification", "notify", "settings", "mute", "unmute", "quiet"):
        return Intent("notifications")
    write = parse_write(word, rest)
    if write is not None:
        return write
    if not rest and _EMAIL.fullmatch(word) is None:
        close = process.extractOne(word, COMMAND_WORDS, scorer=fuzz.ratio, score_cutoff=75)
        if close is not None:
            return Intent("help", suggestions=(f"/ashby {close[0]}",))
    return None


def _interviews(rest: str) -> Intent:
    lowered = rest.casefold()
    when: When = "today"
    for pattern, value in (("this week", "week"), ("week", "week"), ("tomorrow", "tomorrow"), ("today", "today")):
        if pattern in lowered:
            when = value  # type: ignore[assignment]
            lowered = lowered.replace(pattern, " ")
            break
    lowered = " ".join(lowered.split())
    user = _SLACK_USER.search(rest)
    if user:
        return Intent("interviews", when=when, who=user.group(1))
    if lowered in ("", "me", "mine", "my"):
        return Intent("interviews", when=when, who="me" if lowered else None)
    if lowered in ("all", "everyone", "team"):
        return Intent("interviews", when=when)
    query = _strip_words(_case_preserving_remove(rest, ("this week", "week", "tomorrow", "today")), ("for", "with"))
    return Intent("interviews", when=when, query=query)


# -- writes -----------------------------------------------------------------------------------------------

_NOTE_USAGE = ("/ashby note jane doe: strong systems design",)


def parse_write(word: str, rest: str) -> Intent | None:
    """``move jane to onsite``, ``reject jane``, ``note jane: text``... or None when ``word`` is no write."""
    if word in ("move", "advance") and rest:
        who, target = _split_last(rest, " to ")
        return (
            Intent("move", query=who, target=target)
            if target
            else Intent("help", suggestions=("/ashby move jane doe to onsite",))
        )
    if word in ("reject", "archive", "decline") and rest:
        return Intent("reject", query=rest.rstrip("?!. "))
    if word == "hire" and rest:
        return Intent("hire", query=rest.rstrip("?!. "))
    if word in ("note", "private-note", "privatenote"):
        return _note(rest, private=word != "note")
    if word == "private" and rest.casefold().startswith("note "):
        return _note(rest[5:], private=True)
    if word in ("tag", "untag") and rest:
        who, tag = _split_tag(rest)
        if not tag:
            return Intent("help", suggestions=(f"/ashby {word} jane doe: Referral",))
        return Intent(word, query=who, target=tag)  # type: ignore[arg-type]
    if word in ("add", "consider") and rest:
        who, target = _split_last(rest, " to ") if " to " in rest else _split_last(rest, " for ")
        return (
            Intent("add", query=who, target=target)
            if target
            else Intent("help", suggestions=("/ashby add jane doe to Product Designer",))
        )
    if word == "transfer" and rest:
        who, target = _split_last(rest, " to ")
        return (
            Intent("transfer", query=who, target=target)
            if target
            else Intent("help", suggestions=("/ashby transfer jane doe to Frontend Engineer",))
        )
    return None


def _note(rest: str, *, private: bool) -> Intent:
    who, sep, text = rest.partition(":")
    if not sep or not who.strip() or not text.strip():
        return Intent("help", suggestions=_NOTE_USAGE)
    return Intent("note", query=who.strip(), text=text.strip(), private=private)


def _split_last(text: str, separator: str) -> tuple[str, str | None]:
    """ "jane doe to onsite" -> ("jane doe", "onsite"); the last separator wins (names rarely hold it)."""
    lowered = text.casefold()
    at = lowered.rfind(separator)
    if at <= 0:
        return text.strip(), None
    return text[:at].strip(), text[at + len(separator) :].strip(" ?!.") or None


def _split_tag(text: str) -> tuple[str, str | None]:
    """``jane doe: Silver medalist``, ``jane doe as referral``, or ``jane doe referral`` (the last word)."""
    if ":" in text:
        who, _, after = text.partition(":")
        return who.strip(), after.strip() or None
    for separator in (" as ", " with "):
        name, tag = _split_last(text, separator)
        if tag:
            return name, tag
    words = text.split()
    if len(words) < 2:
        return text, None
    return " ".join(words[:-1]), words[-1]


# -- small text helpers -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = _MAILTO.sub(r"\1", text or "")
    text = _LEADING_MENTION.sub("", text)
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.split())


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    return re.sub(r"^(?:" + "|".join(words) + r")\s+", "", text.strip(), flags=re.IGNORECASE).strip()


def _case_preserving_remove(text: str, phrases: tuple[str, ...]) -> str:
    for phrase in phrases:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())
