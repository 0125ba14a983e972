"""Each person's notification settings as controls: the topics they hear (checkboxes, ticked = on), their
quiet hours (two menus, in their own time zone) and, when ``loop`` is given, the interview loop's own: the
daily digest (off, or a half hour between 06:00 and 11:00) and how long before each interview its briefing
comes. The same blocks sit on the Home tab and in the ``/ashby notifications`` reply; changing one saves at
once.

Pure data in: ``muted`` holds topic names (``ashby.events.Topic`` values), ``topics`` the (name, label) pairs to
offer, every topic by default (``ashby.events.TOPIC_LABELS``). A muted name not among ``topics`` is ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from ashby.events import TOPIC_LABELS
from blocks.common import Block, Message, context, message, option, plain, section
from blocks.limits import MAX_CHOICE_OPTIONS, MAX_OPTION_TEXT, MAX_PLACEHOLDER
from blocks.payloads import BriefingLead, DigestTime, NotifyTopics, QuietEnd, QuietHours

#: What both quiet-hours menus offer besides the 24 hours.
NO_QUIET_HOURS = "No quiet hours"
#: The daily digest menu: off, or one of these local times (minutes after midnight), 06:00 to 11:00.
NO_DIGEST = "Off"
DIGEST_TIMES: tuple[int, ...] = tuple(range(6 * 60, 11 * 60 + 1, 30))
#: The briefing menu: minutes before each interview (0: no briefings).
BRIEFING_LEADS: tuple[int, ...] = (0, 5, 10, 15, 30, 60)
NO_BRIEFINGS = "No briefings"


@dataclass(frozen=True, slots=True)
class LoopSettings:
    """The interview loop's settings as the controls show them: whether the daily digest comes (the admin's
    default already applied), at what local time (minutes after midnight), and how many minutes before each
    interview its briefing comes (0: none)."""

    digest: bool
    digest_at: int
    briefing_minutes: int


def hour_label(hour: int) -> str:
    """A local hour on the 24-hour clock ("08:00"), as the menus show it."""
    return f"{hour:02d}:00"


def has_quiet_hours(quiet_from: int | None, quiet_until: int | None) -> bool:
    """Equal ends, or a missing one, mean no quiet hours (as ``NotificationSettings`` reads them)."""
    return quiet_from is not None and quiet_until is not None and quiet_from != quiet_until


def quiet_hours_sentence(quiet_from: int | None, quiet_until: int | None) -> str:
    """What the quiet hours do, in plain words."""
    if quiet_from is None or quiet_until is None or not has_quiet_hours(quiet_from, quiet_until):
        return "*Quiet hours:* none. Notifications arrive as soon as things happen."
    return (
        f"*Quiet hours:* {hour_label(quiet_from)}–{hour_label(quiet_until)} your time. Notifications that "
        "come in then are held and delivered together when they end."
    )


def time_label(minutes: int) -> str:
    """A local time given in minutes after midnight ("08:30"), as the digest menu shows it."""
    hours, mins = divmod(minutes % (24 * 60), 60)
    return f"{hours:02d}:{mins:02d}"


def lead_label(minutes: int) -> str:
    """A briefing's lead time in words ("15 minutes before", "1 hour before")."""
    if minutes <= 0:
        return NO_BRIEFINGS
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''} before"
    return f"{minutes} minutes before"


def digest_sentence(loop: LoopSettings) -> str:
    """What the daily digest does, in plain words."""
    if not loop.digest:
        return "*Daily digest:* off. Pick a time to get one on weekdays."
    return (
        f"*Daily digest:* weekdays at {time_label(loop.digest_at)} your time: today's interviews, feedback you "
        "owe, approvals, new applicants and stale candidates in your jobs (nothing comes on a quiet day)."
    )


def briefing_sentence(loop: LoopSettings) -> str:
    if loop.briefing_minutes <= 0:
        return "*Interview briefings:* none."
    return f"*Interview briefings:* {lead_label(loop.briefing_minutes)} each interview you're on."


def notification_settings(
    muted: Collection[str],
    quiet_from: int | None,
    quiet_until: int | None,
    *,
    topics: Iterable[tuple[str, str]] | None = None,
    loop: LoopSettings | None = None,
) -> list[dict[str, Any]]:
    """The settings controls: a checkbox per topic (ticked = you hear about it), then the quiet hours with a
    start and an end menu, then (with ``loop``) the daily digest and briefing menus. Every control carries its
    payload (``NotifyTopics``, ``QuietHours``, ``DigestTime``, ``BriefingLead``)."""
    choices = _pairs(topics)[:MAX_CHOICE_OPTIONS]
    blocks: list[Block] = [section("*What I tell you about* (untick a topic to mute it)")]
    options = [o for o in (_topic_option(name, label) for name, label in choices) if o is not None]
    if options:
        ticked = [o for o in options if o["value"] not in {str(m) for m in muted}]
        checkboxes: Block = {"type": "checkboxes", "action_id": NotifyTopics.ACTION, "options": options}
        if ticked:  # Slack refuses an empty initial_options
            checkboxes["initial_options"] = ticked
        blocks.append({"type": "actions", "elements": [checkboxes]})
    blocks.append(section(quiet_hours_sentence(quiet_from, quiet_until)))
    blocks.append(section("Quiet hours start", accessory=_hour_menu("from", quiet_from, "Start")))
    blocks.append(section("Quiet hours end", accessory=_hour_menu("until", quiet_until, "End")))
    if loop is not None:
        blocks.append(section(digest_sentence(loop), accessory=_digest_menu(loop)))
        blocks.append(section(briefing_sentence(loop), accessory=_briefing_menu(loop)))
    blocks.append(context("Times are in your Slack time zone. Changes are saved as soon as you make them."))
    return blocks


def settings_message(
    muted: Collection[str],
    quiet_from: int | None,
    quiet_until: int | None,
    *,
    topics: Iterable[tuple[str, str]] | None = None,
    loop: LoopSettings | None = None,
) -> Message:
    """The ``/ashby notifications`` reply: a title and the same controls as on the Home tab."""
    pairs = _pairs(topics)
    heard = [label for name, label in pairs if name not in {str(m) for m in muted}]
    summary = f"you hear about {len(heard)} of {len(pairs)} topics"
    if has_quiet_hours(quiet_from, quiet_until):
        assert quiet_from is not None and quiet_until is not None
        summary += f"; quiet hours {hour_label(quiet_from)}–{hour_label(quiet_until)}"
    if loop is not None:
        summary += f"; daily digest at {time_label(loop.digest_at)}" if loop.digest else "; no daily digest"
    controls = notification_settings(muted, quiet_from, quiet_until, topics=pairs, loop=loop)
    blocks = [section("*🔔 Your notifications*"), *controls]
    return message(f"Your notification settings: {summary}.", blocks)


def _pairs(topics: Iterable[tuple[str, str]] | None) -> list[tuple[str, str]]:
    return [(str(name), label) for name, label in (TOPIC_LABELS.items() if topics is None else topics)]


def _topic_option(name: str, label: str) -> Block | None:
    try:
        value = NotifyTopics(name).pack()
    except ValueError:
        return None
    if NotifyTopics.unpack(value) is None:
        return None  # not a name the listener would accept back
    return {"text": plain(label, MAX_OPTION_TEXT), "value": value}


def _hour_menu(end: QuietEnd, hour: int | None, placeholder: str) -> Block:
    none = option(NO_QUIET_HOURS, QuietHours(end, None).pack())
    hours = [option(hour_label(h), QuietHours(end, h).pack()) for h in range(24)]
    options = [o for o in (none, *hours) if o is not None]
    chosen = none if hour is None or not 0 <= hour <= 23 else hours[hour]
    menu: Block = {
        "type": "static_select",
        "action_id": QuietHours.ACTION,
        "placeholder": plain(placeholder, MAX_PLACEHOLDER),
        "options": options,
    }
    if chosen is not None:
        menu["initial_option"] = chosen
    return menu


def _digest_menu(loop: LoopSettings) -> Block:
    off = option(NO_DIGEST, DigestTime(None).pack())
    times = {minutes: option(time_label(minutes), DigestTime(minutes).pack()) for minutes in DIGEST_TIMES}
    if loop.digest and loop.digest_at not in times and 0 <= loop.digest_at < 24 * 60:
        # A time saved some other way still shows as chosen, in its place among the others.
        times[loop.digest_at] = option(time_label(loop.digest_at), DigestTime(loop.digest_at).pack())
    ordered = [times[minutes] for minutes in sorted(times)]
    chosen = times.get(loop.digest_at) if loop.digest else off
    return _menu(DigestTime.ACTION, "Digest time", [off, *ordered], chosen)


def _briefing_menu(loop: LoopSettings) -> Block:
    leads = {minutes: option(lead_label(minutes), BriefingLead(minutes).pack()) for minutes in BRIEFING_LEADS}
    if loop.briefing_minutes not in leads and 0 < loop.briefing_minutes <= 24 * 60:
        leads[loop.briefing_minutes] = option(
            lead_label(loop.briefing_minutes), BriefingLead(loop.briefing_minutes).pack()
        )
    ordered = [leads[minutes] for minutes in sorted(leads)]
    return _menu(BriefingLead.ACTION, "Briefing", ordered, leads.get(max(loop.briefing_minutes, 0)))


def _menu(action_id: str, placeholder: str, options: list[Block | None], chosen: Block | None) -> Block:
    menu: Block = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, MAX_PLACEHOLDER),
        "options": [o for o in options if o is not None],
    }
    if chosen is not None:
        menu["initial_option"] = chosen
    return menu
