"""Slack's Block Kit limits as code.

Slack rejects a whole message when one block breaks a limit, so card builders cut long answers with these
helpers ("…and N more"), and tests check every card with :func:`validate_message` before Slack sees it.
Numbers are Slack's (see ``reference/slack-platform.md``); the module is pure: stdlib only, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

MAX_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_TEXT_OBJECT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_URL = 3000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_SELECT_OPTIONS = 100
MAX_OPTION_GROUPS = 100
MAX_OVERFLOW_OPTIONS = 5
MAX_CHOICE_OPTIONS = 10
MAX_PLACEHOLDER = 150
MAX_ID = 255
MAX_ALT_TEXT = 2000
MAX_IMAGE_TITLE = 2000
MAX_INPUT_LABEL = 2000
MAX_INPUT_HINT = 2000
MAX_MESSAGE_TEXT = 4000
MAX_MODAL_TITLE = 24
MAX_MODAL_BUTTON = 24
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30
MAX_PRIVATE_METADATA = 3000

ELLIPSIS = "…"

KNOWN_BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "table",
        "video",
    }
)

# A mrkdwn token (``<url|label>``, ``<@U1>``) or entity (``&amp;``) left open at the end of a cut; dropping it
# keeps Slack from showing half a link as literal text.
_OPEN_TOKEN = re.compile(r"(<[^\s<>|]*(\|[^<>]*)?|&(amp?|lt?|gt?)?)$")


def truncate(text: str, limit: int) -> str:
    """Fit ``text`` in ``limit`` characters, ending with "…" when cut, never leaving half a mrkdwn link."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    cut = _OPEN_TOKEN.sub("", cut).rstrip()
    return cut + ELLIPSIS


def more_context(n: int) -> dict[str, Any]:
    """The default last block of a cut list: a quiet "…and N more" line."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{ELLIPSIS}and {n} more"}]}


def fit_blocks(
    blocks: Sequence[Mapping[str, Any]],
    *,
    limit: int = MAX_BLOCKS,
    more: Callable[[int], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Keep the first blocks and end with "…and N more" (or ``more(n)``), so a message stays within ``limit``.

    ``n`` counts the blocks left out, including the one the "more" block replaces.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if len(blocks) <= limit:
        return [dict(block) for block in blocks]
    kept = [dict(block) for block in blocks[: limit - 1]]
    hidden = len(blocks) - len(kept)
    kept.append((more or more_context)(hidden))
    return kept


def validate_message(message: Mapping[str, Any]) -> list[str]:
    """Every Block Kit limit ``message`` breaks, as ``"path: problem"`` lines; ``[]`` when Slack accepts it.

    Also insists on the fallback ``text``: Slack shows it in notifications and screen readers, and a card
    without it is a project bug even where Slack would only warn.
    """
    check = _Checker()
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        check.fail("text", "missing fallback text (shown in notifications)")
    else:
        check.length("text", text, MAX_MESSAGE_TEXT)
    blocks = message.get("blocks")
    if blocks is not None:
        check.blocks("blocks", blocks, MAX_BLOCKS)
    return check.errors


def validate_view(view: Mapping[str, Any]) -> list[str]:
    """Every limit a modal or Home tab view breaks (``views.open`` / ``views.update`` / ``views.publish``)."""
    check = _Checker()
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("type", f"must be modal or home, got {kind!r}")
    if kind == "modal":
        check.text("title", view.get("title"), MAX_MODAL_TITLE, plain=True)
        check.text("submit", view.get("submit"), MAX_MODAL_BUTTON, plain=True, required=False)
        check.text("close", view.get("close"), MAX_MODAL_BUTTON, plain=True, required=False)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(b, Mapping) and b.get("type") == "input" for b in blocks
        )
        if has_input and view.get("submit") is None:
            check.fail("submit", "required when the modal has input blocks")
    check.length("private_metadata", view.get("private_metadata"), MAX_PRIVATE_METADATA)
    check.length("callback_id", view.get("callback_id"), MAX_ID)
    check.length("external_id", view.get("external_id"), MAX_ID)
    check.blocks("blocks", view.get("blocks"), MAX_MODAL_BLOCKS)
    return check.errors


class _Checker:
    """Walks blocks and collects problems with their JSON paths, so a failing test names the exact field."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def length(self, path: str, value: object, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.fail(path, f"{len(value)} chars > {limit}")

    def items(self, path: str, value: object, limit: int, *, required: bool = True) -> list[Any]:
        """The list at ``path``, reporting when it is missing, empty or too long."""
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be a list")
            return []
        if required and not value:
            self.fail(path, "must not be empty")
        if len(value) > limit:
            self.fail(path, f"{len(value)} items > {limit}")
        return value

    def text(self, path: str, obj: object, limit: int, *, plain: bool = False, required: bool = True) -> None:
        if obj is None:
            if required:
                self.fail(path, "missing")
            return
        if not isinstance(obj, Mapping):
            self.fail(path, "must be a text object")
            return
        kind = obj.get("type")
        if plain and kind != "plain_text":
            self.fail(f"{path}.type", f"must be plain_text, got {kind!r}")
        elif kind not in ("plain_text", "mrkdwn"):
            self.fail(f"{path}.type", f"must be plain_text or mrkdwn, got {kind!r}")
        value = obj.get("text")
        if not isinstance(value, str) or not value:
            self.fail(f"{path}.text", "empty")
        else:
            self.length(f"{path}.text", value, limit)

    def blocks(self, path: str, blocks: object, limit: int) -> None:
        seen_ids: set[str] = set()
        for i, block in enumerate(self.items(path, blocks, limit, required=False)):
            where = f"{path}[{i}]"
            if not isinstance(block, Mapping):
                self.fail(where, "must be an object")
                continue
            block_id = block.get("block_id")
            if isinstance(block_id, str):
                self.length(f"{where}.block_id", block_id, MAX_ID)
                if block_id in seen_ids:
                    self.fail(f"{where}.block_id", f"duplicate {block_id!r}")
                seen_ids.add(block_id)
            self.block(where, block)

    def block(self, path: str, block: Mapping[str, Any]) -> None:
        kind = block.get("type")
        if kind == "section":
            self.section(path, block)
        elif kind == "header":
            self.text(f"{path}.text", block.get("text"), MAX_HEADER_TEXT, plain=True)
        elif kind == "context":
            for i, element in enumerate(self.items(f"{path}.elements", block.get("elements"), MAX_CONTEXT_ELEMENTS)):
                where = f"{path}.elements[{i}]"
                if isinstance(element, Mapping) and element.get("type") == "image":
                    self.image(where, element)
                else:
                    self.text(where, element, MAX_TEXT_OBJECT)
        elif kind == "actions":
            elements = self.items(f"{path}.elements", block.get("elements"), MAX_ACTIONS_ELEMENTS)
            self.elements(f"{path}.elements", elements)
        elif kind == "image":
            self.image(path, block)
            self.text(f"{path}.title", block.get("title"), MAX_IMAGE_TITLE, plain=True, required=False)
        elif kind == "input":
            self.text(f"{path}.label", block.get("label"), MAX_INPUT_LABEL, plain=True)
            self.text(f"{path}.hint", block.get("hint"), MAX_INPUT_HINT, plain=True, required=False)
            element = block.get("element")
            if isinstance(element, Mapping):
                self.element(f"{path}.element", element)
            else:
                self.fail(f"{path}.element", "missing")
        elif kind not in KNOWN_BLOCK_TYPES:
            self.fail(f"{path}.type", f"unknown block type {kind!r}")

    def section(self, path: str, block: Mapping[str, Any]) -> None:
        text, fields = block.get("text"), block.get("fields")
        if text is None and fields is None:
            self.fail(path, "a section needs text or fields")
        self.text(f"{path}.text", text, MAX_SECTION_TEXT, required=False)
        for i, field in enumerate(self.items(f"{path}.fields", fields, MAX_FIELDS, required=False)):
            self.text(f"{path}.fields[{i}]", field, MAX_FIELD_TEXT)
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping):
            self.element(f"{path}.accessory", accessory)

    def elements(self, path: str, elements: list[Any]) -> None:
        seen_ids: set[str] = set()
        for i, element in enumerate(elements):
            where = f"{path}[{i}]"
            if not isinstance(element, Mapping):
                self.fail(where, "must be an object")
                continue
            action_id = element.get("action_id")
            if isinstance(action_id, str):
                if action_id in seen_ids:
                    self.fail(f"{where}.action_id", f"duplicate {action_id!r}")
                seen_ids.add(action_id)
            self.element(where, element)

    def element(self, path: str, element: Mapping[str, Any]) -> None:
        kind = element.get("type")
        self.length(f"{path}.action_id", element.get("action_id"), MAX_ID)
        self.text(f"{path}.placeholder", element.get("placeholder"), MAX_PLACEHOLDER, plain=True, required=False)
        confirm = element.get("confirm")
        if isinstance(confirm, Mapping):
            self.confirm(f"{path}.confirm", confirm)
        if kind == "button":
            self.text(f"{path}.text", element.get("text"), MAX_BUTTON_TEXT, plain=True)
            self.length(f"{path}.value", element.get("value"), MAX_BUTTON_VALUE)
            self.length(f"{path}.url", element.get("url"), MAX_URL)
            style = element.get("style")
            if style is not None and style not in ("primary", "danger"):
                self.fail(f"{path}.style", f"must be primary or danger, got {style!r}")
        elif kind in ("static_select", "multi_static_select"):
            self.select(path, element)
        elif kind == "overflow":
            self.options(f"{path}.options", element.get("options"), MAX_OVERFLOW_OPTIONS, plain=True)
        elif kind in ("radio_buttons", "checkboxes"):
            self.options(f"{path}.options", element.get("options"), MAX_CHOICE_OPTIONS, plain=False)
        elif kind == "image":
            self.image(path, element)

    def select(self, path: str, element: Mapping[str, Any]) -> None:
        options, groups = element.get("options"), element.get("option_groups")
        if options is not None and groups is not None:
            self.fail(path, "options and option_groups are exclusive")
        elif options is None and groups is None:
            self.fail(path, "needs options or option_groups")
        if options is not None:
            self.options(f"{path}.options", options, MAX_SELECT_OPTIONS, plain=True)
        for i, group in enumerate(self.items(f"{path}.option_groups", groups, MAX_OPTION_GROUPS, required=False)):
            where = f"{path}.option_groups[{i}]"
            if not isinstance(group, Mapping):
                self.fail(where, "must be an object")
                continue
            self.text(f"{where}.label", group.get("label"), MAX_OPTION_TEXT, plain=True)
            self.options(f"{where}.options", group.get("options"), MAX_SELECT_OPTIONS, plain=True)

    def options(self, path: str, options: object, limit: int, *, plain: bool) -> None:
        for i, option in enumerate(self.items(path, options, limit)):
            where = f"{path}[{i}]"
            if not isinstance(option, Mapping):
                self.fail(where, "must be an object")
                continue
            self.text(f"{where}.text", option.get("text"), MAX_OPTION_TEXT, plain=plain)
            value = option.get("value")
            if not isinstance(value, str):
                self.fail(f"{where}.value", "missing")
            else:
                self.length(f"{where}.value", value, MAX_OPTION_VALUE)
            self.text(
                f"{where}.description",
                option.get("description"),
                MAX_OPTION_DESCRIPTION,
                plain=plain,
                required=False,
            )
            self.length(f"{where}.url", option.get("url"), MAX_URL)

    def confirm(self, path: str, confirm: Mapping[str, Any]) -> None:
        self.text(f"{path}.title", confirm.get("title"), MAX_CONFIRM_TITLE, plain=True)
        self.text(f"{path}.text", confirm.get("text"), MAX_CONFIRM_TEXT)
        self.text(f"{path}.confirm", confirm.get("confirm"), MAX_CONFIRM_BUTTON, plain=True)
        self.text(f"{path}.deny", confirm.get("deny"), MAX_CONFIRM_BUTTON, plain=True)

    def image(self, path: str, image: Mapping[str, Any]) -> None:
        url, slack_file = image.get("image_url"), image.get("slack_file")
        if url is None and slack_file is None:
            self.fail(f"{path}.image_url", "missing")
        self.length(f"{path}.image_url", url, MAX_URL)
        alt = image.get("alt_text")
        if not isinstance(alt, str) or not alt:
            self.fail(f"{path}.alt_text", "missing")
        else:
            self.length(f"{path}.alt_text", alt, MAX_ALT_TEXT)
