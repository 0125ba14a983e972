"""Each person's notification settings as controls: the topics they hear (checkboxes, ticked = on) and their
quiet hours (two menus, in their own time zone). The same blocks sit on the Home tab and in the
``/ashby notifications`` reply; changing one saves at once.

Pure data in: ``muted`` holds topic names (``ashby.events.Topic`` values), ``topics`` the (name, label) pairs to
offer, every topic by default (``ashby.events.TOPIC_LABELS``). A muted name not among ``topics`` is ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ashby.events import TOPIC_LABELS
from blocks.common import Block, Message, context, message, option, plain, section
from blocks.limits import MAX_CHOICE_OPTIONS, MAX_OPTION_TEXT, MAX_PLACEHOLDER
from blocks.payloads import NotifyTopics, QuietEnd, QuietHours

#: What both quiet-hours menus offer besides the 24 hours.
NO_QUIET_HOURS = "No quiet hours"


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


def notification_settings(
    muted: Collection[str],
    quiet_from: int | None,
    quiet_until: int | None,
    *,
    topics: Iterable[tuple[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """The settings controls: a checkbox per topic (ticked = you hear about it), then the quiet hours with a
    start and an end menu. Every control carries its payload (``NotifyTopics``, ``QuietHours``)."""
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
    blocks.append(context("Times are in your Slack time zone. Changes are saved as soon as you make them."))
    return blocks


def settings_message(
    muted: Collection[str],
    quiet_from: int | None,
    quiet_until: int | None,
    *,
    topics: Iterable[tuple[str, str]] | None = None,
) -> Message:
    """The ``/ashby notifications`` reply: a title and the same controls as on the Home tab."""
    pairs = _pairs(topics)
    heard = [label for name, label in pairs if name not in {str(m) for m in muted}]
    summary = f"you hear about {len(heard)} of {len(pairs)} topics"
    if has_quiet_hours(quiet_from, quiet_until):
        assert quiet_from is not None and quiet_until is not None
        summary += f"; quiet hours {hour_label(quiet_from)}–{hour_label(quiet_until)}"
    blocks = [section("*🔔 Your notifications*"), *notification_settings(muted, quiet_from, quiet_until, topics=pairs)]
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
