"""Short standard answers (not found, Ashby down, not allowed), worded the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence

from blocks.common import Block, Message, context, escape_keeping_mentions, message, one_line, section

_MAX_SUGGESTIONS = 5


def notice(text: str, *, title: str | None = None, hint: str | None = None) -> Message:
    """A one-off answer in plain words.

    Texts are escaped (``*bold*`` and `` `code` `` still work, and so do ``<@U123>`` mentions) because they
    often quote what the user typed or what Ashby said.
    """
    body = escape_keeping_mentions(text.strip()) or "…"
    heading = escape_keeping_mentions(one_line(title))
    blocks: list[Block] = [section(f"*{heading}*\n{body}" if heading else body)]
    if hint and hint.strip():
        blocks.append(context(f"💡 {escape_keeping_mentions(hint.strip())}"))
    return message(f"{heading}: {body}" if heading else body, blocks)


def not_found(query: str, kind: str, suggestions: Sequence[str] = (), *, hint: str | None = None) -> Message:
    """Nothing matched the query; the closest names are offered so the next try needs no guessing."""
    closest = [f"“{one_line(s)}”" for s in suggestions if one_line(s)][:_MAX_SUGGESTIONS]
    text = f"No {one_line(kind) or 'match'} matches “{one_line(query) or '…'}”."
    if closest:
        text += f" Closest: {', '.join(closest)}."
    if not closest:
        hint = hint or "Check the spelling, or try a fuller name or an email."
    return notice(text, hint=hint)


def ashby_unavailable(reason: str, what_to_do: str) -> Message:
    """Ashby failed us (down, slow, refused the key): say what happened and what the user can do about it."""
    return notice(reason, title="⚠️ I couldn't get that from Ashby", hint=what_to_do)


def not_allowed(reason: str) -> Message:
    """A permission refusal that says why, so the user knows whom to ask."""
    return notice(reason, title="🔒 Not available to you")
