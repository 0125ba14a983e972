"""Every button's action id and value, defined once, as typed payloads.

A builder in ``blocks/`` packs a payload into a button (``action_id`` + ``value``); the one listener for that
action id unpacks it. ``unpack`` returns None for a value that is not what this code packs (a tampered
request, a card from an older version): the listener then answers that the button no longer works. Values
stay within Slack's limits (``value`` ≤ 2,000 characters, ``action_id`` ≤ 255), checked at pack time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol, Self

from .limits import MAX_BUTTON_VALUE, MAX_ID

#: Ashby ids (UUIDs), Slack-safe ids of our own (preview and draft ids): letters, digits, dashes, underscores.
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


class Payload(Protocol):
    """A button's meaning: ``ACTION`` is its action id, ``pack()`` its value, ``unpack`` the way back."""

    ACTION: ClassVar[str]

    def pack(self) -> str: ...

    @classmethod
    def unpack(cls, value: str) -> Self | None: ...


def _checked(value: str) -> str:
    if not 0 < len(value) <= MAX_BUTTON_VALUE:
        raise ValueError(f"a button value must be 1-{MAX_BUTTON_VALUE} characters, not {len(value)}")
    return value


def _id(text: str | None) -> str | None:
    return text if text is not None and _ID.fullmatch(text) else None


@dataclass(frozen=True, slots=True)
class _OneId:
    ACTION: ClassVar[str]
    id: str

    def pack(self) -> str:
        return _checked(self.id)

    @classmethod
    def unpack(cls, value: str) -> Self | None:
        found = _id(value)
        return cls(found) if found else None


@dataclass(frozen=True, slots=True)
class OpenCandidate(_OneId):
    """A candidate's card (value: the candidate id)."""

    ACTION: ClassVar[str] = "ashby_candidate"


@dataclass(frozen=True, slots=True)
class OpenPipeline(_OneId):
    """A job's pipeline (value: the job id)."""

    ACTION: ClassVar[str] = "ashby_pipeline"


@dataclass(frozen=True, slots=True)
class OpenFeedback(_OneId):
    """A candidate's scorecards (value: the candidate id)."""

    ACTION: ClassVar[str] = "ashby_feedback"


@dataclass(frozen=True, slots=True)
class Confirm(_OneId):
    """Run a previewed write (value: the preview id)."""

    ACTION: ClassVar[str] = "ashby_write_confirm"


@dataclass(frozen=True, slots=True)
class AnswerAbout:
    """A picker row for a question: the question (an intent, already packed) about the candidate picked."""

    ACTION: ClassVar[str] = "ashby_fact"
    question: str
    candidate_id: str

    def pack(self) -> str:
        return _checked(f"{self.question}|{self.candidate_id}")

    @classmethod
    def unpack(cls, value: str) -> AnswerAbout | None:
        question, sep, candidate_id = value.rpartition("|")
        found = _id(candidate_id)
        return cls(question, found) if sep and question and found else None


@dataclass(frozen=True, slots=True)
class AskedBack:
    """One reading of a question that had two (value: the intent, already packed). Several sit in one block,
    so each button's action id carries its position after ``ACTION``."""

    ACTION: ClassVar[str] = "ashby_reading"
    question: str

    def pack(self) -> str:
        return _checked(self.question)

    @classmethod
    def unpack(cls, value: str) -> AskedBack | None:
        return cls(value) if value else None


ShareKind = Literal["candidate", "pipeline", "jobs"]


@dataclass(frozen=True, slots=True)
class Share:
    """Post the channel-safe version of a card (``candidate:<id>``, ``pipeline:<id>`` or ``jobs``)."""

    ACTION: ClassVar[str] = "ashby_share"
    kind: ShareKind
    ref: str = ""

    def pack(self) -> str:
        return _checked(f"{self.kind}:{self.ref}" if self.ref else self.kind)

    @classmethod
    def unpack(cls, value: str) -> Share | None:
        kind, _, ref = value.partition(":")
        if kind == "jobs":
            return cls("jobs")
        if kind in ("candidate", "pipeline") and _id(ref):
            return cls(kind, ref)  # type: ignore[arg-type]
        return None


CardKind = Literal["pipeline", "move", "reject", "hire", "tag"]


@dataclass(frozen=True, slots=True)
class CardAction:
    """The candidate card's menu and Add tag button: a pipeline (job id), a write to start (application id),
    or a tag to add (candidate id)."""

    ACTION: ClassVar[str] = "ashby_card_action"
    kind: CardKind
    ref: str

    def pack(self) -> str:
        return _checked(f"{self.kind}:{self.ref}")

    @classmethod
    def unpack(cls, value: str) -> CardAction | None:
        kind, _, ref = value.partition(":")
        if kind in ("pipeline", "move", "reject", "hire", "tag") and _id(ref):
            return cls(kind, ref)  # type: ignore[arg-type]
        return None


@dataclass(frozen=True, slots=True)
class Cancel:
    """Drop a preview (its id) or a draft still being chosen (``draft:<id>``)."""

    ACTION: ClassVar[str] = "ashby_write_cancel"
    id: str
    draft: bool = False

    def pack(self) -> str:
        return _checked(f"draft:{self.id}" if self.draft else self.id)

    @classmethod
    def unpack(cls, value: str) -> Cancel | None:
        draft = value.startswith("draft:")
        found = _id(value.removeprefix("draft:"))
        return cls(found, draft) if found else None


@dataclass(frozen=True, slots=True)
class Choice:
    """A choice made while planning a write: ``<draft or preview id>:<choice id>``."""

    ACTION: ClassVar[str]
    key: str
    choice: str

    def pack(self) -> str:
        return _checked(f"{self.key}:{self.choice}")

    @classmethod
    def unpack(cls, value: str) -> Self | None:
        key, _, choice = value.partition(":")
        found_key, found_choice = _id(key), _id(choice)
        return cls(found_key, found_choice) if found_key and found_choice else None


@dataclass(frozen=True, slots=True)
class ChooseCandidate(Choice):
    ACTION: ClassVar[str] = "ashby_write_candidate"


@dataclass(frozen=True, slots=True)
class ChooseApplication(Choice):
    ACTION: ClassVar[str] = "ashby_write_application"


@dataclass(frozen=True, slots=True)
class ChooseStage(Choice):
    ACTION: ClassVar[str] = "ashby_write_stage"


@dataclass(frozen=True, slots=True)
class ChooseTag(Choice):
    ACTION: ClassVar[str] = "ashby_write_tag"


@dataclass(frozen=True, slots=True)
class ChooseReason(Choice):
    ACTION: ClassVar[str] = "ashby_write_reason"


@dataclass(frozen=True, slots=True)
class ChooseTemplate(Choice):
    ACTION: ClassVar[str] = "ashby_write_template"


@dataclass(frozen=True, slots=True)
class Approve:
    """Approve one step of an offer as the presser: ``<offer id>:<version id>:<step id>``."""

    ACTION: ClassVar[str] = "ashby_offer_approve"
    offer_id: str
    version_id: str
    step_id: str

    def pack(self) -> str:
        return _checked(f"{self.offer_id}:{self.version_id}:{self.step_id}")

    @classmethod
    def unpack(cls, value: str) -> Approve | None:
        parts = value.split(":")
        if len(parts) != 3 or not all(_id(p) for p in parts):
            return None
        return cls(*parts)


@dataclass(frozen=True, slots=True)
class SubmitFeedback:
    """Open the feedback form for one interview: ``<interview schedule id>:<interview event id>``. Sent on
    briefings, reminders, the feedback card and the interviews list; the modal checks the presser."""

    ACTION: ClassVar[str] = "ashby_submit_feedback"
    schedule_id: str
    event_id: str

    def pack(self) -> str:
        return _checked(f"{self.schedule_id}:{self.event_id}")

    @classmethod
    def unpack(cls, value: str) -> SubmitFeedback | None:
        parts = value.split(":")
        if len(parts) != 2 or not all(_id(p) for p in parts):
            return None
        return cls(*parts)


#: A topic's name (``ashby.events.Topic``): lower-case words joined by underscores.
_TOPIC = re.compile(r"[a-z][a-z_]{0,31}")
_HOUR = re.compile(r"[0-9]{1,2}")


@dataclass(frozen=True, slots=True)
class NotifyTopics:
    """One option of the notification settings' topic checkboxes (value: the topic's name). Slack sends every
    ticked option with each click, so the listener reads them all: a topic left unticked is muted."""

    ACTION: ClassVar[str] = "ashby_notify_topics"
    topic: str

    def pack(self) -> str:
        return _checked(self.topic)

    @classmethod
    def unpack(cls, value: str) -> NotifyTopics | None:
        return cls(value) if _TOPIC.fullmatch(value) else None


QuietEnd = Literal["from", "until"]


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A choice in one of the two quiet-hours menus: which end and the local hour (``from:20``,
    ``until:8``), or no quiet hours at all (``from:none``)."""

    ACTION: ClassVar[str] = "ashby_quiet_hours"
    end: QuietEnd
    hour: int | None

    def pack(self) -> str:
        if self.hour is not None and not 0 <= self.hour <= 23:
            raise ValueError(f"an hour is 0-23, not {self.hour}")
        return _checked(f"{self.end}:{'none' if self.hour is None else self.hour}")

    @classmethod
    def unpack(cls, value: str) -> QuietHours | None:
        end, sep, hour = value.partition(":")
        if not sep or end not in ("from", "until"):
            return None
        if hour == "none":
            return cls(end, None)  # type: ignore[arg-type]
        if _HOUR.fullmatch(hour) and int(hour) <= 23:
            return cls(end, int(hour))  # type: ignore[arg-type]
        return None


#: Minutes after local midnight (``0`` … ``1439``), as the settings menus send them.
_MINUTES = re.compile(r"[0-9]{1,4}")
_DAY_MINUTES = 24 * 60


@dataclass(frozen=True, slots=True)
class DigestTime:
    """A choice in the daily digest menu: the local time it comes, in minutes after midnight (``510`` is
    08:30), or no digest (``off``)."""

    ACTION: ClassVar[str] = "ashby_digest_time"
    minutes: int | None

    def pack(self) -> str:
        if self.minutes is not None and not 0 <= self.minutes < _DAY_MINUTES:
            raise ValueError(f"a time of day is 0-{_DAY_MINUTES - 1} minutes, not {self.minutes}")
        return _checked("off" if self.minutes is None else str(self.minutes))

    @classmethod
    def unpack(cls, value: str) -> DigestTime | None:
        if value == "off":
            return cls(None)
        if _MINUTES.fullmatch(value) and int(value) < _DAY_MINUTES:
            return cls(int(value))
        return None


@dataclass(frozen=True, slots=True)
class BriefingLead:
    """A choice in the interview briefing menu: how many minutes before each interview the briefing comes
    (``0``: no briefings)."""

    ACTION: ClassVar[str] = "ashby_briefing_lead"
    minutes: int

    def pack(self) -> str:
        if not 0 <= self.minutes <= _DAY_MINUTES:
            raise ValueError(f"a lead time is 0-{_DAY_MINUTES} minutes, not {self.minutes}")
        return _checked(str(self.minutes))

    @classmethod
    def unpack(cls, value: str) -> BriefingLead | None:
        if _MINUTES.fullmatch(value) and int(value) <= _DAY_MINUTES:
            return cls(int(value))
        return None


#: The rejection email choice that sends none.
NO_EMAIL = "-"
#: A URL button ("Open in Ashby"): Slack opens the link; the click is acknowledged and nothing else happens.
LINK = "ashby_link"
CHOICES: tuple[type[Choice], ...] = (
    ChooseCandidate,
    ChooseApplication,
    ChooseStage,
    ChooseTag,
    ChooseReason,
    ChooseTemplate,
)
ALL: tuple[type[Payload], ...] = (
    OpenCandidate,
    OpenPipeline,
    OpenFeedback,
    AnswerAbout,
    AskedBack,
    Share,
    CardAction,
    Confirm,
    Cancel,
    *CHOICES,
    Approve,
    NotifyTopics,
    QuietHours,
    SubmitFeedback,
    DigestTime,
    BriefingLead,
)
assert all(len(p.ACTION) <= MAX_ID for p in ALL)
