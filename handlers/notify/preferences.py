"""Each person's notification settings: the topics they muted and their quiet hours (in their own Slack
time zone). Kept in the shared store, keyed by Slack user id, so every replica reads the same."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ashby.events import Topic
from ashby.store import Store

#: Quiet hours unless a person changes them: nothing personal arrives between 20:00 and 08:00 their time.
DEFAULT_QUIET_FROM = 20
DEFAULT_QUIET_UNTIL = 8
DEFAULT_BRIEFING_MINUTES = 15
#: 08:30 local time, in minutes after midnight.
DEFAULT_DIGEST_AT = 8 * 60 + 30
_KEY = "notify:prefs:{}"


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    """``quiet_from``/``quiet_until`` are local hours (0-23); equal or ``None`` means no quiet hours.
    Notifications that fall in quiet hours are held and arrive, grouped, when they end.

    The interview loop's own: ``briefing_minutes`` before each interview the interviewer gets its briefing
    (0: none); ``digest`` whether the daily digest comes (None: the admin's default), at ``digest_at``
    (minutes after local midnight) on weekdays. Briefings and reminders ignore quiet hours: they are
    timed to the person's own interviews."""

    muted: frozenset[Topic] = field(default_factory=frozenset)
    quiet_from: int | None = DEFAULT_QUIET_FROM
    quiet_until: int | None = DEFAULT_QUIET_UNTIL
    briefing_minutes: int = DEFAULT_BRIEFING_MINUTES
    digest: bool | None = None
    digest_at: int = DEFAULT_DIGEST_AT

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_from is not None and self.quiet_until is not None and self.quiet_from != self.quiet_until

    def hears(self, topic: Topic) -> bool:
        return topic not in self.muted

    def is_quiet(self, local: datetime) -> bool:
        if not self.has_quiet_hours:
            return False
        assert self.quiet_from is not None and self.quiet_until is not None
        hour = local.hour
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= hour < self.quiet_until
        return hour >= self.quiet_from or hour < self.quiet_until

    def quiet_ends(self, local: datetime) -> datetime:
        """When the quiet hours around ``local`` end (``local`` itself when it is not quiet)."""
        if not self.is_quiet(local):
            return local
        assert self.quiet_until is not None
        end = local.replace(hour=self.quiet_until, minute=0, second=0, microsecond=0)
        return end if end > local else end + timedelta(days=1)

    def muting(self, topic: Topic, muted: bool) -> NotificationSettings:
        return replace(self, muted=self.muted | {topic} if muted else self.muted - {topic})

    def to_json(self) -> str:
        return json.dumps(
            {
                "muted": sorted(self.muted),
                "quiet_from": self.quiet_from,
                "quiet_until": self.quiet_until,
                "briefing_minutes": self.briefing_minutes,
                "digest": self.digest,
                "digest_at": self.digest_at,
            }
        )

    @classmethod
    def from_json(cls, raw: bytes | str) -> NotificationSettings:
        """Tolerant: anything unreadable falls back to the defaults, field by field."""
        try:
            data = json.loads(raw)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {t.value for t in Topic}
        muted = data.get("muted")
        topics = frozenset(Topic(t) for t in muted if t in known) if isinstance(muted, list) else frozenset()
        briefing = data.get("briefing_minutes")
        digest = data.get("digest")
        digest_at = data.get("digest_at")
        return cls(
            muted=topics,
            quiet_from=_hour(data.get("quiet_from")),
            quiet_until=_hour(data.get("quiet_until")),
            briefing_minutes=briefing
            if isinstance(briefing, int) and _whole(briefing, 0, 24 * 60)
            else DEFAULT_BRIEFING_MINUTES,
            digest=digest if isinstance(digest, bool) else None,
            digest_at=digest_at
            if isinstance(digest_at, int) and _whole(digest_at, 0, 24 * 60 - 1)
            else DEFAULT_DIGEST_AT,
        )


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _hour(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23 else None


def parse_quiet_hours(text: str) -> tuple[int | None, int | None]:
    """``"20-8"`` → (20, 8); ``"off"`` or ``""`` → no quiet hours. Raises ValueError for anything else."""
    text = text.strip().casefold()
    if text in ("", "off", "none", "no"):
        return None, None
    start, sep, end = text.partition("-")
    hours = (int(start.strip().removesuffix(":00")), int(end.strip().removesuffix(":00"))) if sep else ()
    if len(hours) != 2 or not all(0 <= h <= 23 for h in hours):
        raise ValueError(f"quiet hours should look like 20-8 (from 20:00 to 08:00) or off, not {text!r}")
    return hours[0], hours[1]


class Preferences:
    def __init__(self, store: Store, *, default: NotificationSettings | None = None) -> None:
        """``default``: what someone who never changed a setting gets (the admin's ``QUIET_HOURS``)."""
        self._store = store
        self.default = default or NotificationSettings()

    async def get(self, slack_user_id: str) -> NotificationSettings:
        raw = await self._store.get(_KEY.format(slack_user_id))
        return self.default if raw is None else NotificationSettings.from_json(raw)

    async def save(self, slack_user_id: str, settings: NotificationSettings) -> None:
        await self._store.set(_KEY.format(slack_user_id), settings.to_json())
