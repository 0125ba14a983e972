"""Asking back when a question has two close readings: "Jane Doe: the stage, or all interviews?"

One button per reading; its value is the reading itself, so one click answers it. The block ids start with
the picker's, so the answer replaces the question instead of stacking under it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .common import Block, Message, actions, button, inline, message, section
from .payloads import AskedBack
from .picker import PICKER_BLOCK_ID


def ask_back(subject: str | None, readings: Sequence[tuple[str, str]]) -> Message:
    """``readings`` are (button label, button value) pairs, the likeliest first."""
    about = f" about *{inline(subject)}*" if subject else ""
    question = f"What would you like to know{about}?"
    buttons = [
        button(label[:1].upper() + label[1:], action_id=f"{AskedBack.ACTION}_{i}", value=AskedBack(value).pack())
        for i, (label, value) in enumerate(readings[:5])
    ]
    blocks: list[Block] = [{**section(question), "block_id": f"{PICKER_BLOCK_ID}-ask"}]
    blocks.extend({**block, "block_id": f"{PICKER_BLOCK_ID}-ask-buttons"} for block in actions(*buttons))
    return message(question.replace("*", ""), blocks)
