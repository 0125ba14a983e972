"""The picker shown when a name matches several candidates: one click opens the right card."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ashby.views import CandidateChoice
from blocks.common import (
    Block,
    Message,
    and_more,
    button_for,
    context,
    inline,
    message,
    one_line,
    plural,
    section,
)
from blocks.payloads import OpenCandidate, Payload

# A longer list is a search result, not a question; a fuller name or an email narrows it instead.
_MAX_CHOICES = 10
#: Every block of a picker has a block_id starting with this, so the click handler can replace the picker
#: with the chosen card instead of stacking a new message under it.
PICKER_BLOCK_ID = "picker"


def candidate_picker(
    query: str,
    choices: Sequence[CandidateChoice],
    *,
    total: int | None = None,
    payload: Callable[[str], Payload] = OpenCandidate,
) -> Message:
    """Asks which candidate was meant, one button each.

    ``payload`` makes each button's payload from the candidate id: what the click opens (the card, by
    default, or the answer to the question asked). ``total`` is the number of matches when ``choices`` is
    only the first page of them.
    """
    asked = inline(query, "that name")
    found = max(total or 0, len(choices))
    if not found:
        text = f"No candidate matches “{asked}”."
        return message(text, [section(text)])
    matches = f"{plural(found, 'candidate')} {'matches' if found == 1 else 'match'} “{asked}”."
    blocks: list[Block] = [section(f"*Which one did you mean?* {matches}") | {"block_id": PICKER_BLOCK_ID}]
    for choice in choices:
        if len(blocks) > _MAX_CHOICES:
            break
        label = one_line(choice.name) or "Unnamed candidate"
        pick = button_for(label, payload(choice.id))
        if pick is not None:
            detail = f"*{inline(choice.name, 'Unnamed candidate')}*"
            if choice.detail:
                detail += f" · {inline(choice.detail)}"
            block_id = f"{PICKER_BLOCK_ID}_{len(blocks)}"
            blocks.append(section(detail, accessory=pick) | {"block_id": block_id})
    hidden = found - (len(blocks) - 1)
    if hidden:
        more = context(and_more(hidden) + " — try a fuller name or an email")
        blocks.append(more | {"block_id": f"{PICKER_BLOCK_ID}_more"})
    return message(f"Which one did you mean? {matches}", blocks)
