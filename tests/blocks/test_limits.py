"""Slack's Block Kit limits: truncate, fit_blocks and the validators that catch every broken limit."""

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blocks import limits
from blocks.limits import (
    ELLIPSIS,
    MAX_BLOCKS,
    fit_blocks,
    more_context,
    truncate,
    validate_message,
    validate_view,
)

Block = dict[str, Any]


def plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def section(text: str = "hi") -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def button(label: str = "Go", **extra: Any) -> Block:
    return {"type": "button", "text": plain(label), "action_id": "go", **extra}


def option(label: str = "Onsite", value: str = "s1") -> Block:
    return {"text": plain(label), "value": value}


def confirm(title: str = "Sure?", text: str = "Really", yes: str = "Yes", no: str = "No") -> Block:
    return {"title": plain(title), "text": mrkdwn(text), "confirm": plain(yes), "deny": plain(no)}


def message(*blocks: Block, text: str = "fallback") -> Block:
    return {"text": text, "blocks": list(blocks)}


def test_slack_numbers() -> None:
    assert (limits.MAX_BLOCKS, limits.MAX_MODAL_BLOCKS) == (50, 100)
    assert (limits.MAX_SECTION_TEXT, limits.MAX_FIELDS, limits.MAX_FIELD_TEXT) == (3000, 10, 2000)
    assert (limits.MAX_HEADER_TEXT, limits.MAX_CONTEXT_ELEMENTS, limits.MAX_ACTIONS_ELEMENTS) == (150, 10, 25)
    assert (limits.MAX_BUTTON_TEXT, limits.MAX_BUTTON_VALUE) == (75, 2000)
    assert (limits.MAX_OPTION_TEXT, limits.MAX_OPTION_VALUE, limits.MAX_SELECT_OPTIONS) == (75, 150, 100)
    assert (limits.MAX_ID, limits.MAX_MESSAGE_TEXT, limits.MAX_MODAL_TITLE) == (255, 4000, 24)
    assert (limits.MAX_CONFIRM_TITLE, limits.MAX_CONFIRM_TEXT, limits.MAX_CONFIRM_BUTTON) == (100, 300, 30)
    assert limits.MAX_PRIVATE_METADATA == 3000


# --- truncate ----------------------------------------------------------------------------------------------


@given(st.text(), st.integers(min_value=1, max_value=200))
def test_truncate_always_fits(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    else:
        assert cut.endswith(ELLIPSIS)


def test_truncate_examples() -> None:
    assert truncate("Jane Doe", 8) == "Jane Doe"
    assert truncate("Jane Doe", 7) == "Jane D…"
    assert truncate("Zoë 山田太郎", 6) == "Zoë 山…"
    assert truncate("see <https://app.ashbyhq.com/c/1|Jane Doe> now", 30) == "see…"
    assert truncate("R&amp;D team", 6) == "R…"
    assert truncate("a < b and more text", 10) == "a < b and…"
    with pytest.raises(ValueError, match="at least 1"):
        truncate("x", 0)


# --- fit_blocks --------------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=130), st.integers(min_value=1, max_value=60))
def test_fit_blocks_never_exceeds_limit(n: int, limit: int) -> None:
    blocks = [section(str(i)) for i in range(n)]
    fitted = fit_blocks(blocks, limit=limit)
    assert len(fitted) <= limit
    if n <= limit:
        assert fitted == blocks
    else:
        assert fitted[: limit - 1] == blocks[: limit - 1]
        hidden = n - (limit - 1)
        assert fitted[-1] == more_context(hidden)
        if limit <= MAX_BLOCKS:
            assert validate_message(message(*fitted)) == []


def test_fit_blocks_default_and_custom_more() -> None:
    fitted = fit_blocks([section(str(i)) for i in range(60)])
    assert len(fitted) == MAX_BLOCKS
    assert fitted[-1]["elements"][0]["text"] == "…and 11 more"
    custom = fit_blocks([section(str(i)) for i in range(5)], limit=3, more=lambda n: section(f"{n} more candidates"))
    assert custom[-1] == section("3 more candidates")


def test_fit_blocks_copies() -> None:
    blocks = [section("a")]
    fitted = fit_blocks(blocks)
    fitted[0]["text"] = mrkdwn("changed")
    assert blocks == [section("a")]


# --- validate_message --------------------------------------------------------------------------------------


def test_a_good_card_is_valid() -> None:
    card = message(
        {"type": "header", "text": plain("Jane Doe")},
        {
            "type": "section",
            "block_id": "summary",
            "text": mrkdwn("*Stage:* Onsite"),
            "fields": [mrkdwn("*Owner*\nAlex")],
            "accessory": button("Open", url="https://app.ashbyhq.com/c/1"),
        },
        {
            "type": "context",
            "elements": [
                mrkdwn("Updated today"),
                {"type": "image", "image_url": "https://x", "alt_text": "a"},
            ],
        },
        {"type": "divider"},
        {
            "type": "actions",
            "elements": [
                button("Move", style="primary", value="app-1", confirm=confirm()),
                {"type": "static_select", "action_id": "stage", "options": [option()]},
                {"type": "overflow", "action_id": "more", "options": [option("Archive", "a")]},
            ],
        },
        {"type": "image", "image_url": "https://x/chart.png", "alt_text": "chart"},
        {"type": "rich_text", "elements": []},
    )
    assert validate_message(card) == []


def test_fallback_text_is_required() -> None:
    assert validate_message({"blocks": [section()]}) == ["text: missing fallback text (shown in notifications)"]
    assert validate_message({"text": "  ", "blocks": [section()]}) == [
        "text: missing fallback text (shown in notifications)"
    ]
    assert validate_message({"text": "just text"}) == []


def long(n: int) -> str:
    return "x" * n


# One builder per kind of violation, given how far over the limit to go, with the error it must produce.
VIOLATIONS: dict[str, tuple[Callable[[int], Block], Callable[[int], str]]] = {
    "message text": (
        lambda over: message(section(), text=long(4000 + over)),
        lambda over: f"text: {4000 + over} chars > 4000",
    ),
    "block count": (
        lambda over: message(*[section() for _ in range(50 + over)]),
        lambda over: f"blocks: {50 + over} items > 50",
    ),
    "section text": (
        lambda over: message(section(long(3000 + over))),
        lambda over: f"blocks[0].text.text: {3000 + over} chars > 3000",
    ),
    "field count": (
        lambda over: message({"type": "section", "fields": [mrkdwn("f")] * (10 + over)}),
        lambda over: f"blocks[0].fields: {10 + over} items > 10",
    ),
    "field text": (
        lambda over: message({"type": "section", "fields": [mrkdwn(long(2000 + over))]}),
        lambda over: f"blocks[0].fields[0].text: {2000 + over} chars > 2000",
    ),
    "header text": (
        lambda over: message({"type": "header", "text": plain(long(150 + over))}),
        lambda over: f"blocks[0].text.text: {150 + over} chars > 150",
    ),
    "context elements": (
        lambda over: message({"type": "context", "elements": [mrkdwn("c")] * (10 + over)}),
        lambda over: f"blocks[0].elements: {10 + over} items > 10",
    ),
    "actions elements": (
        lambda over: message({"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(25 + over)]}),
        lambda over: f"blocks[0].elements: {25 + over} items > 25",
    ),
    "button text": (
        lambda over: message({"type": "actions", "elements": [button(long(75 + over))]}),
        lambda over: f"blocks[0].elements[0].text.text: {75 + over} chars > 75",
    ),
    "button value": (
        lambda over: message({"type": "actions", "elements": [button(value=long(2000 + over))]}),
        lambda over: f"blocks[0].elements[0].value: {2000 + over} chars > 2000",
    ),
    "button url": (
        lambda over: message({"type": "actions", "elements": [button(url=long(3000 + over))]}),
        lambda over: f"blocks[0].elements[0].url: {3000 + over} chars > 3000",
    ),
    "option text": (
        lambda over: message(
            {
                "type": "section",
                "text": mrkdwn("s"),
                "accessory": {"type": "static_select", "options": [option(long(75 + over))]},
            }
        ),
        lambda over: f"blocks[0].accessory.options[0].text.text: {75 + over} chars > 75",
    ),
    "option value": (
        lambda over: message(
            {
                "type": "actions",
                "elements": [{"type": "static_select", "options": [option(value=long(150 + over))]}],
            }
        ),
        lambda over: f"blocks[0].elements[0].options[0].value: {150 + over} chars > 150",
    ),
    "select options": (
        lambda over: message(
            {"type": "actions", "elements": [{"type": "static_select", "options": [option()] * (100 + over)}]}
        ),
        lambda over: f"blocks[0].elements[0].options: {100 + over} items > 100",
    ),
    "group options": (
        lambda over: message(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "static_select",
                        "option_groups": [{"label": plain("g"), "options": [option()] * (100 + over)}],
                    }
                ],
            }
        ),
        lambda over: f"blocks[0].elements[0].option_groups[0].options: {100 + over} items > 100",
    ),
    "overflow options": (
        lambda over: message(
            {"type": "actions", "elements": [{"type": "overflow", "options": [option()] * (5 + over)}]}
        ),
        lambda over: f"blocks[0].elements[0].options: {5 + over} items > 5",
    ),
    "block_id": (
        lambda over: message({**section(), "block_id": long(255 + over)}),
        lambda over: f"blocks[0].block_id: {255 + over} chars > 255",
    ),
    "action_id": (
        lambda over: message({"type": "actions", "elements": [button(action_id=long(255 + over))]}),
        lambda over: f"blocks[0].elements[0].action_id: {255 + over} chars > 255",
    ),
    "confirm title": (
        lambda over: message({"type": "actions", "elements": [button(confirm=confirm(title=long(100 + over)))]}),
        lambda over: f"blocks[0].elements[0].confirm.title.text: {100 + over} chars > 100",
    ),
    "confirm text": (
        lambda over: message({"type": "actions", "elements": [button(confirm=confirm(text=long(300 + over)))]}),
        lambda over: f"blocks[0].elements[0].confirm.text.text: {300 + over} chars > 300",
    ),
    "confirm button": (
        lambda over: message({"type": "actions", "elements": [button(confirm=confirm(yes=long(30 + over)))]}),
        lambda over: f"blocks[0].elements[0].confirm.confirm.text: {30 + over} chars > 30",
    ),
    "image alt text": (
        lambda over: message({"type": "image", "image_url": "https://x", "alt_text": long(2000 + over)}),
        lambda over: f"blocks[0].alt_text: {2000 + over} chars > 2000",
    ),
    "placeholder": (
        lambda over: message(
            {
                "type": "actions",
                "elements": [{"type": "static_select", "placeholder": plain(long(150 + over)), "options": [option()]}],
            }
        ),
        lambda over: f"blocks[0].elements[0].placeholder.text: {150 + over} chars > 150",
    ),
}


@given(st.sampled_from(sorted(VIOLATIONS)), st.integers(min_value=1, max_value=40))
def test_validate_message_finds_every_kind_of_violation(kind: str, over: int) -> None:
    build, expected = VIOLATIONS[kind]
    assert expected(over) in validate_message(build(over))


@given(st.sampled_from(sorted(VIOLATIONS)))
def test_each_violation_builder_is_valid_at_the_limit(kind: str) -> None:
    build, _ = VIOLATIONS[kind]
    assert validate_message(build(0)) == []


@pytest.mark.parametrize(
    ("card", "error"),
    [
        (
            message({"type": "header", "text": mrkdwn("*no*")}),
            "blocks[0].text.type: must be plain_text, got 'mrkdwn'",
        ),
        (message({"type": "section", "text": mrkdwn("")}), "blocks[0].text.text: empty"),
        (message({"type": "section"}), "blocks[0]: a section needs text or fields"),
        (
            message({"type": "sectoin", "text": mrkdwn("typo")}),
            "blocks[0].type: unknown block type 'sectoin'",
        ),
        (
            message({**section(), "block_id": "a"}, {**section(), "block_id": "a"}),
            "blocks[1].block_id: duplicate 'a'",
        ),
        (
            message({"type": "actions", "elements": [button(), button()]}),
            "blocks[0].elements[1].action_id: duplicate 'go'",
        ),
        (message({"type": "actions", "elements": []}), "blocks[0].elements: must not be empty"),
        (
            message({"type": "actions", "elements": [button(style="green")]}),
            "blocks[0].elements[0].style: must be primary or danger, got 'green'",
        ),
        (
            message({"type": "actions", "elements": [{"type": "static_select", "action_id": "s"}]}),
            "blocks[0].elements[0]: needs options or option_groups",
        ),
        (message({"type": "image", "image_url": "https://x"}), "blocks[0].alt_text: missing"),
        (message({"type": "input", "label": plain("Why")}), "blocks[0].element: missing"),
        ({"text": "t", "blocks": "not a list"}, "blocks: must be a list"),
        ({"text": "t", "blocks": ["not a block"]}, "blocks[0]: must be an object"),
    ],
)
def test_structural_problems(card: Block, error: str) -> None:
    assert error in validate_message(card)


def test_every_problem_is_reported_not_just_the_first() -> None:
    card = message(section(long(3001)), {"type": "header", "text": plain(long(151))}, text=long(4001))
    assert len(validate_message(card)) == 3


# --- validate_view -----------------------------------------------------------------------------------------


def modal(**extra: Any) -> Block:
    view: Block = {
        "type": "modal",
        "title": plain("Reject Jane"),
        "submit": plain("Reject"),
        "close": plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "label": plain("Reason"),
                "element": {"type": "plain_text_input", "action_id": "r"},
            }
        ],
    }
    return {**view, **extra}


def test_a_good_modal_and_home_are_valid() -> None:
    assert validate_view(modal(private_metadata="app-1", callback_id="reject")) == []
    assert validate_view({"type": "home", "blocks": [section() for _ in range(100)]}) == []


@pytest.mark.parametrize(
    ("view", "error"),
    [
        (modal(title=plain(long(25))), "title.text: 25 chars > 24"),
        (modal(submit=plain(long(25))), "submit.text: 25 chars > 24"),
        (modal(close=plain(long(25))), "close.text: 25 chars > 24"),
        (modal(title=None), "title: missing"),
        (modal(submit=None), "submit: required when the modal has input blocks"),
        (modal(private_metadata=long(3001)), "private_metadata: 3001 chars > 3000"),
        (modal(callback_id=long(256)), "callback_id: 256 chars > 255"),
        (modal(blocks=[section() for _ in range(101)]), "blocks: 101 items > 100"),
        (modal(blocks=[section(long(3001))]), "blocks[0].text.text: 3001 chars > 3000"),
        ({"type": "message", "blocks": []}, "type: must be modal or home, got 'message'"),
    ],
)
def test_view_problems(view: Block, error: str) -> None:
    assert error in validate_view(view)
