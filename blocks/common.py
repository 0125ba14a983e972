"""Pieces every card is made of: escaping, text objects kept within Slack's limits, buttons, time formatting.

Limits are applied here, once, so a card builder cannot break one of Slack's rules by forgetting a truncate:
Slack rejects the whole message when a single field is too long.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from ashby.views import JobView, Person, Recommendation
from blocks.limits import (
    ELLIPSIS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_CONFIRM_BUTTON,
    MAX_CONFIRM_TEXT,
    MAX_CONFIRM_TITLE,
    MAX_CONTEXT_ELEMENTS,
    MAX_HEADER_TEXT,
    MAX_MESSAGE_TEXT,
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_PLACEHOLDER,
    MAX_SECTION_TEXT,
    MAX_SELECT_OPTIONS,
    MAX_URL,
    fit_blocks,
    truncate,
)
from blocks.payloads import LINK, Payload, Share

Block = dict[str, Any]
Message = dict[str, Any]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A Slack user id as ``<@…>`` accepts it; anything else would be an injection into the mrkdwn.
_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,40}")
# A user or channel reference as Slack writes it in message text; one capture group so ``split`` keeps it.
_REFERENCE = re.compile(r"(<(?:@[UW]|#C)[A-Z0-9]{2,40}(?:\|[^<>|]*)?>)")
# URLs that can sit inside ``<url|label>``: a space, ``|`` or angle bracket would end the link early.
_LINKABLE_URL = re.compile(r"https?://[^\s|<>]+")


# --- text --------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack reads ``&``, ``<`` and ``>`` in mrkdwn as entities and links; names must show as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_keeping_mentions(text: str) -> str:
    """Escape ``text`` but keep user and channel references (``<@U123>``, ``<#C123|general>``) working.

    Slack writes an @-mention in a question as ``<@U123>``, so a message quoting it must keep the token; a
    ``<!channel>`` is escaped like any other text, so nobody can make the bot ping a whole channel.
    """
    parts = _REFERENCE.split(text)
    return "".join(part if i % 2 else escape(part) for i, part in enumerate(parts))


def one_line(text: str | None) -> str:
    """Collapse whitespace: a newline inside a name would break the bold run or the line layout around it."""
    return " ".join((text or "").split())


def inline(text: str | None, default: str = "") -> str:
    """User text for a mrkdwn line: one line, escaped, ``default`` (trusted, unescaped) when blank."""
    cleaned = one_line(text)
    return escape(cleaned) if cleaned else default


def code(text: str) -> str:
    """Inline code for a user-typed command; a backtick inside would close the span early."""
    return f"`{inline(text.replace('`', 'ʼ'), '…')}`"


def plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def and_more(n: int, what: str = "") -> str:
    """The one wording of a cut list, so every card reads the same."""
    return f"{ELLIPSIS}and {n} more{' ' + what if what else ''}"


def fit_lines(lines: Sequence[str], limit: int, more: Callable[[int], str] = and_more) -> str:
    """Join ``lines`` within ``limit`` characters, dropping whole lines at the end for an "…and N more" line.

    Cutting at a line keeps bold runs, links and code blocks closed, which a character cut would not.
    """
    joined = "\n".join(lines)
    if len(joined) <= limit:
        return joined
    room = limit - len(more(len(lines))) - 1
    kept: list[str] = []
    used = 0
    for line in lines:
        line = truncate(line, room)
        cost = len(line) + (1 if kept else 0)
        if used + cost > room:
            break
        kept.append(line)
        used += cost
    return "\n".join([*kept, more(len(lines) - len(kept))])


def linkable(url: str | None) -> bool:
    """Whether ``url`` can be written as a Slack link (http(s), no characters that would end it early)."""
    return url is not None and len(url) <= MAX_URL and _LINKABLE_URL.fullmatch(url) is not None


def link(url: str | None, label: str) -> str:
    """``label`` (already mrkdwn) linked to ``url``, or the bare label when the URL cannot be a Slack link."""
    return f"<{url.replace('&', '&amp;')}|{label}>" if url is not None and linkable(url) else label


def name(person: Person | None, default: str = "someone") -> str:
    return inline(person.name if person else None, default)


def mention(person: Person) -> str:
    """An @-mention when the Slack user is known, for lines that ask someone to act (it may notify them)."""
    user_id = person.slack_user_id
    if user_id and _SLACK_USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return name(person)


def names(people: Sequence[Person], *, limit: int = 6, notify: bool = False) -> str:
    """A short list of people ("A, B, 3 more"), so a big panel cannot crowd out the rest of the card."""
    shown = [mention(p) if notify else name(p) for p in people[:limit]]
    if len(people) > limit:
        shown.append(f"{len(people) - limit} more")
    return ", ".join(shown)


def job_title(job: JobView) -> str:
    """The job's title as mrkdwn, marked 🔒 when confidential so nobody shares it by accident."""
    return inline(job.title, "Untitled job") + (" 🔒" if job.confidential else "")


_SCALE_COLOURS = {1: "🔴", 2: "🟠", 3: "🟢", 4: "🟢"}


def scale(score: int, out_of: int = 4) -> str:
    """An emoji bar for a score, readable at a glance (🟢🟢🟢⚪ for Hire); out-of-range scores are clamped."""
    out_of = max(1, min(out_of, 10))
    filled = max(0, min(score, out_of))
    colour = _SCALE_COLOURS.get(round(filled * 4 / out_of), "🔴")
    return colour * filled + "⚪" * (out_of - filled)


def recommendation(rec: Recommendation, *, by: bool = True) -> str:
    """A recommendation as scale, label and score ("🟢🟢🟢🟢 *Strong Hire* (4/4) — Tomás Herrera"); wording
    with no place on the scale ("Advance") as its label alone."""
    text = f"*{inline(rec.label, 'No label')}*"
    if rec.score is not None:
        text = f"{scale(rec.score)} {text} ({rec.score}/4)"
    if by and rec.by is not None:
        text += f" — {name(rec.by)}"
    return text


# --- time ------------------------------------------------------------------------------------------------


def local(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` in the asker's zone; a naive time is taken as UTC (as Ashby sends), never as server time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


def clock(moment: datetime) -> str:
    """A 12-hour clock ("2:00 PM") built by hand so the server's locale cannot change it."""
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def calendar_date(day: date, today: date) -> str:
    """A short date ("Thu, Nov 27"), with the year only when it is not this year."""
    text = f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"


_RELATIVE_DAYS = {-1: "Yesterday", 0: "Today", 1: "Tomorrow"}


def day_name(day: date, today: date) -> str:
    """The nearest name for a day: Today, Tomorrow, Yesterday, a weekday in the coming week, or the date."""
    delta = (day - today).days
    if delta in _RELATIVE_DAYS:
        return _RELATIVE_DAYS[delta]
    if 1 < delta < 7:
        return _WEEKDAYS[day.weekday()]
    return calendar_date(day, today)


def day_heading(day: date, today: date) -> str:
    """A day's heading in a list: "Today · Thu, Nov 27"; the date alone when no nearer name exists."""
    delta = (day - today).days
    exact = calendar_date(day, today)
    return f"{_RELATIVE_DAYS[delta]} · {exact}" if delta in _RELATIVE_DAYS else exact


def when(moment: datetime, *, now: datetime, tz: tzinfo) -> str:
    """A moment as people say it ("Today 2:00 PM", "Thu 10:30 AM"), in the asker's time zone."""
    at = local(moment, tz)
    day = day_name(at.date(), local(now, tz).date())
    return f"{day}{',' if ',' in day else ''} {clock(at)}"


def time_range(start: datetime, end: datetime, tz: tzinfo) -> str:
    """A time range ("2:00 – 3:00 PM"); both AM/PM marks only when they differ."""
    first, last = local(start, tz), local(end, tz)
    if first.date() == last.date() and (first.hour < 12) == (last.hour < 12):
        return f"{clock(first)[:-3]} – {clock(last)}"
    return f"{clock(first)} – {clock(last)}"


def whole_days(days: float | None) -> int | None:
    """Completed days; odd values (negative, NaN) count as zero rather than failing a card."""
    if days is None:
        return None
    return int(days) if math.isfinite(days) and days > 0 else 0


def days_phrase(days: float) -> str:
    """Completed days in words ("6 days", "1 day", "less than a day")."""
    n = whole_days(days) or 0
    return plural(n, "day") if n else "less than a day"


def days_short(days: float | None) -> str:
    """Completed days for dense lists ("6d", "<1d"); empty when unknown."""
    n = whole_days(days)
    if n is None:
        return ""
    return f"{n}d" if n else "<1d"


# --- blocks ----------------------------------------------------------------------------------------------


def plain(text: str | None, limit: int, default: str = "…") -> dict[str, Any]:
    """A plain_text object: Slack shows it literally, so it is not escaped, only shortened to one line."""
    return {"type": "plain_text", "text": truncate(one_line(text) or default, limit), "emoji": True}


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": truncate(text.strip() or "—", limit)}


def header(text: str | None, default: str = "…") -> Block:
    return {"type": "header", "text": plain(text, MAX_HEADER_TEXT, default)}


def section(text: str, *, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(*texts: str) -> Block:
    """A line of small grey text; blank parts are dropped and at most ten are kept, as Slack allows."""
    parts = [text for text in texts if text.strip()][:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": [mrkdwn(text) for text in parts or ["—"]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    label: str,
    *,
    action_id: str,
    value: str | None = None,
    url: str | None = None,
    style: str | None = None,
    confirm: Block | None = None,
) -> Block | None:
    """A button, or ``None`` when its value or URL cannot be sent whole: a cut id would open a wrong card."""
    if value is not None and not 0 < len(value) <= MAX_BUTTON_VALUE:
        return None
    if url is not None and not 0 < len(url) <= MAX_URL:
        return None
    element: Block = {"type": "button", "action_id": action_id, "text": plain(label, MAX_BUTTON_TEXT)}
    if value is not None:
        element["value"] = value
    if url is not None:
        element["url"] = url
    if style is not None:
        element["style"] = style
    if confirm is not None:
        element["confirm"] = confirm
    return element


def button_for(label: str, payload: Payload, *, style: str | None = None, confirm: Block | None = None) -> Block | None:
    """A button that carries ``payload`` (its action id and packed value)."""
    try:
        value = payload.pack()
    except ValueError:  # too long to send whole: no button beats a cut id that opens the wrong card
        return None
    return button(label, action_id=payload.ACTION, value=value, style=style, confirm=confirm)


def confirm_dialog(title: str, text: str, *, confirm: str = "Confirm", deny: str = "Cancel") -> Block:
    """Slack's "are you sure?" dialog, for buttons that do something hard to undo."""
    return {
        "title": plain(title, MAX_CONFIRM_TITLE),
        "text": plain(text, MAX_CONFIRM_TEXT),
        "confirm": plain(confirm, MAX_CONFIRM_BUTTON),
        "deny": plain(deny, MAX_CONFIRM_BUTTON),
        "style": "danger",
    }


def option(label: str, value: str) -> Block | None:
    """A select or overflow option, or ``None`` when its value cannot be sent whole."""
    if not 0 < len(value) <= MAX_OPTION_VALUE:
        return None
    return {"text": plain(label, MAX_OPTION_TEXT), "value": value}


def overflow(action_id: str, choices: Sequence[tuple[str, str]]) -> Block:
    """A "⋯" menu of (label, value) choices, at most five as Slack allows."""
    options = [o for o in (option(label, value) for label, value in choices) if o is not None]
    return {"type": "overflow", "action_id": action_id, "options": options[:5]}


def static_select(action_id: str, placeholder: str, choices: Sequence[tuple[str, str]]) -> Block | None:
    """A drop-down of (label, value) choices (at most 100), or ``None`` when there is nothing to choose."""
    options = [o for o in (option(label, value) for label, value in choices) if o is not None][:MAX_SELECT_OPTIONS]
    if not options:
        return None
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder, MAX_PLACEHOLDER),
        "options": options,
    }


def open_in_ashby(url: str | None) -> Block | None:
    """The "Open in Ashby" link button; Slack still sends an ``ashby_link`` action, which the handler acks."""
    return button("Open in Ashby", action_id=LINK, url=url) if url else None


def share(value: Share | None) -> Block | None:
    """The "Share in channel" button, only when the caller has judged the card safe to share."""
    return button_for("Share in channel", value) if value is not None else None


def actions(*elements: Block | None) -> list[Block]:
    """An actions block with the buttons that exist, or nothing (Slack rejects an empty actions block)."""
    present = [element for element in elements if element is not None]
    return [{"type": "actions", "elements": present}] if present else []


def take(
    items: Sequence[Sequence[Block]],
    budget: int,
    more: Callable[[int], Block],
    *,
    total: int | None = None,
) -> list[Block]:
    """Whole items (each one or more blocks) within ``budget`` blocks, then ``more(hidden items)``.

    An item is never cut in half, and the "more" block itself fits in the budget. ``total`` counts all items
    when ``items`` holds only the first of them, so a card never draws rows it cannot show.
    """
    total = len(items) if total is None else total
    if total <= len(items) and sum(len(item) for item in items) <= budget:
        return [block for item in items for block in item]
    kept: list[Block] = []
    shown = 0
    for item in items:
        if len(kept) + len(item) > budget - 1:
            break
        kept.extend(item)
        shown += 1
    return [*kept, more(total - shown)]


def message(fallback: str, blocks: Sequence[Block]) -> Message:
    """The reply every builder returns.

    ``text`` shows in notifications and screen readers, so it is always set; the final ``fit_blocks`` is
    the guarantee that no input size can make Slack reject the card.
    """
    return {"text": truncate(fallback.strip() or "Ashby", MAX_MESSAGE_TEXT), "blocks": fit_blocks(blocks)}


# --- monospace layout ------------------------------------------------------------------------------------


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def pad(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` monospace columns, so wide (CJK) names keep a chart aligned."""
    used = display_width(text)
    if used <= width:
        return text + " " * (width - used)
    out: list[str] = []
    used = 0
    for char in text:
        if used + _char_width(char) > width - 1:
            break
        out.append(char)
        used += _char_width(char)
    return "".join(out) + ELLIPSIS + " " * (width - used - 1)


def display_width(text: str) -> int:
    return sum(_char_width(char) for char in text)
