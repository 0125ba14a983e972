"""What the bot can do; also the answer to a question it could not place."""

from __future__ import annotations

from ashby.views import Help
from blocks.common import (
    Block,
    Message,
    code,
    context,
    escape,
    fit_lines,
    header,
    inline,
    message,
    one_line,
    section,
)
from blocks.limits import MAX_SECTION_TEXT

_MAX_SUGGESTIONS = 5


def help_card(help: Help) -> Message:
    """``help.note`` first (why the user sees this), then "Did you mean …" lines, then the commands."""
    blocks: list[Block] = [header("How I can help")]
    if one_line(help.note):
        blocks.append(section(f"🤔 {inline(help.note)}"))
    suggestions = [s for s in help.suggestions if one_line(s)][:_MAX_SUGGESTIONS]
    if suggestions:
        blocks.append(section("\n".join(f"Did you mean {code(s)}?" for s in suggestions)))
    examples = [
        f"{code(command)} — {inline(what)}" if one_line(what) else code(command)
        for command, what in help.examples
        if one_line(command)
    ]
    if examples:
        blocks.append(section(fit_lines(examples, MAX_SECTION_TEXT)))
    blocks.append(context("Ask in a DM, mention me in a channel, or use the slash command."))
    fallback = escape(one_line(help.note)) or "Here is what I can help with."
    return message(fallback, blocks)
