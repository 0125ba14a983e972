"""Block Kit rendered for a terminal: every block type, numbered controls, and no crash on odd input."""

import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from bot.loopback.render import Control, mrkdwn_to_text, print_message, render_message


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def button(label: str, action_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": "button", "text": plain(label), "action_id": action_id, **extra}


def option(label: str, value: str) -> dict[str, Any]:
    return {"text": plain(label), "value": value}


def render(*blocks: dict[str, Any], width: int = 100) -> str:
    return render_message({"text": "fallback", "blocks": list(blocks)}, width=width).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("*bold* _italic_ ~strike~ `code`", "bold italic strike code"),
        ("<https://app.ashbyhq.com/c/1|Jane Doe>", "Jane Doe (https://app.ashbyhq.com/c/1)"),
        ("<https://example.com>", "https://example.com"),
        ("<mailto:jane@example.com|jane@example.com>", "jane@example.com"),
        ("<@U123> and <@U456|omar>", "@U123 and @omar"),
        ("<#C1|hiring> <#C2>", "#hiring #C2"),
        ("<!here> <!subteam^S1|@recruiters>", "@here @recruiters"),
        ("a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"),
        ("*Stage:* _<https://x.test|Onsite>_", "Stage: Onsite (https://x.test)"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("```\npre *not bold*\n```", "pre *not bold*"),
        ("▇▇▇▇ 12 ✓ Zoë Ñúñez 山田", "▇▇▇▇ 12 ✓ Zoë Ñúñez 山田"),
    ],
)
def test_mrkdwn_to_text(source: str, expected: str) -> None:
    assert mrkdwn_to_text(source) == expected


def test_plain_text_message_without_blocks() -> None:
    rendered = render_message({"text": "*Jane* moved"})
    assert rendered == render_message({"text": "*Jane* moved", "blocks": []})
    assert rendered.text == "Jane moved"
    assert rendered.controls == ()


def test_header_and_divider() -> None:
    text = render({"type": "header", "text": plain("Jane Doe")}, {"type": "divider"}, width=20)
    assert text.splitlines() == ["Jane Doe", "━━━━━━━━", "─" * 20]


def test_section_text_fields_and_accessory_button() -> None:
    text = render(
        {
            "type": "section",
            "block_id": "cand",
            "text": mrkdwn("*Jane Doe* — Senior Engineer"),
            "fields": [mrkdwn("*Stage*\nOnsite"), mrkdwn("*Owner*\n<@U1>")],
            "accessory": button("Open", "open", value="c1"),
        }
    )
    lines = text.splitlines()
    assert lines[0] == "Jane Doe — Senior Engineer"
    assert lines[1].split() == ["Stage", "Owner"]
    assert lines[2].split() == ["Onsite", "@U1"]
    assert lines[3] == "  ↳ [1: Open]"


def test_section_accessories_select_overflow_image() -> None:
    rendered = render_message(
        {
            "blocks": [
                {
                    "type": "section",
                    "text": mrkdwn("Stage"),
                    "accessory": {
                        "type": "static_select",
                        "action_id": "stage",
                        "placeholder": plain("Pick a stage"),
                        "options": [option("Onsite", "s1"), option("Offer", "s2")],
                    },
                },
                {
                    "type": "section",
                    "text": mrkdwn("More"),
                    "accessory": {
                        "type": "overflow",
                        "action_id": "more",
                        "options": [option("Archive", "a")],
                    },
                },
                {
                    "type": "section",
                    "text": mrkdwn("Photo"),
                    "accessory": {
                        "type": "image",
                        "image_url": "https://x.test/p.png",
                        "alt_text": "Jane's photo",
                    },
                },
            ]
        }
    )
    assert "[1: Pick a stage ▾]" in rendered.text
    assert "1 ▾ Onsite · Offer" in rendered.text
    assert "[2: ⋯]" in rendered.text
    assert "[image: Jane's photo]" in rendered.text
    select, overflow = rendered.controls
    assert (select.kind, select.options) == ("select", (("Onsite", "s1"), ("Offer", "s2")))
    assert (overflow.kind, overflow.action_id, overflow.options) == ("overflow", "more", (("Archive", "a"),))


def test_context_elements() -> None:
    text = render(
        {
            "type": "context",
            "elements": [mrkdwn("Updated *today*"), plain("by Ashby"), {"type": "image", "alt_text": "logo"}],
        }
    )
    assert text == "Updated today  by Ashby  [logo]"


def test_actions_buttons_url_buttons_and_selects() -> None:
    rendered = render_message(
        {
            "blocks": [
                {
                    "type": "actions",
                    "block_id": "card-actions",
                    "elements": [
                        button("Move", "move", value="app-1", style="primary"),
                        button("Reject", "reject", value="app-1", style="danger"),
                        button("Open in Ashby", "link", url="https://app.ashbyhq.com/c/1"),
                        {
                            "type": "static_select",
                            "action_id": "stage",
                            "initial_option": option("Offer", "s2"),
                            "option_groups": [
                                {
                                    "label": plain("Active"),
                                    "options": [option("Onsite", "s1"), option("Offer", "s2")],
                                },
                                {"label": plain("Closed"), "options": [option("Hired", "s3")]},
                            ],
                        },
                    ],
                }
            ]
        },
        start_number=7,
    )
    assert rendered.text.splitlines()[0].startswith(
        "[7: Move]  [8: Reject]  [Open in Ashby ↗] https://app.ashbyhq.com/c/1"
    )
    assert "[9: Offer ▾]" in rendered.text
    assert "9 ▾ Onsite · Offer · Hired" in rendered.text
    assert rendered.controls == (
        Control(7, "button", "Move", "move", "card-actions", "app-1"),
        Control(8, "button", "Reject", "reject", "card-actions", "app-1"),
        Control(
            9,
            "select",
            "Offer",
            "stage",
            "card-actions",
            None,
            (("Onsite", "s1"), ("Offer", "s2"), ("Hired", "s3")),
        ),
    )


def test_buttons_wrap_whole() -> None:
    elements = [button(f"Move to stage {i}", f"a{i}") for i in range(6)]
    lines = render({"type": "actions", "elements": elements}, width=44).splitlines()
    assert lines == [
        "[1: Move to stage 0]  [2: Move to stage 1]",
        "[3: Move to stage 2]  [4: Move to stage 3]",
        "[5: Move to stage 4]  [6: Move to stage 5]",
    ]


def test_image_block() -> None:
    text = render(
        {
            "type": "image",
            "image_url": "https://x.test/chart.png",
            "alt_text": "chart",
            "title": plain("Funnel"),
        }
    )
    assert text == "[image] Funnel  https://x.test/chart.png"


def test_input_blocks() -> None:
    text = render(
        {
            "type": "input",
            "label": plain("Reason"),
            "element": {
                "type": "static_select",
                "action_id": "r",
                "options": [option("Not a fit", "1"), option("Withdrew", "2")],
            },
        },
        {
            "type": "input",
            "optional": True,
            "label": plain("Note"),
            "hint": plain("Only the hiring team sees it"),
            "element": {"type": "plain_text_input", "action_id": "n", "placeholder": plain("Say why")},
        },
        {
            "type": "input",
            "label": plain("When"),
            "element": {"type": "datepicker", "initial_date": "2025-01-31"},
        },
    )
    assert text.splitlines() == [
        "Reason: [static_select: Not a fit · Withdrew]",
        "Note (optional): [ Say why ]",
        "  Only the hiring team sees it",
        "When: [datepicker: 2025-01-31]",
    ]


def test_input_elements_are_not_numbered() -> None:
    rendered = render_message(
        {
            "blocks": [
                {
                    "type": "input",
                    "label": plain("Stage"),
                    "element": {"type": "static_select", "options": []},
                }
            ]
        }
    )
    assert rendered.controls == ()


def test_rich_text() -> None:
    text = render(
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "Hi ", "style": {"bold": True}},
                        {"type": "user", "user_id": "U1"},
                        {"type": "text", "text": ", see "},
                        {"type": "link", "url": "https://x.test", "text": "this"},
                        {"type": "text", "text": " "},
                        {"type": "emoji", "name": "tada", "unicode": "1f389"},
                        {"type": "emoji", "name": "custom"},
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                        {"type": "rich_text_section", "elements": [{"type": "channel", "channel_id": "C1"}]},
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "indent": 1,
                    "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "nested"}]}],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "a\nb"}]},
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "x = 1"}]},
            ],
        }
    )
    assert text.splitlines() == [
        "Hi @U1, see this (https://x.test) 🎉:custom:",
        "1. one",
        "2. #C1",
        "  • nested",
        "▌ a",
        "▌ b",
        "x = 1",
    ]


def test_unknown_blocks_show_their_text() -> None:
    text = render(
        {"type": "markdown", "text": "**Jane** is _here_"},
        {"type": "future_block", "text": plain("still readable")},
        {"type": "future_block"},
        {"no": "type"},
    )
    assert text.splitlines() == ["*Jane* is here", "still readable"]


def test_bar_chart_survives() -> None:
    chart = "```\nApplied   ▇▇▇▇▇▇▇▇ 48\nOnsite    ▇▇▇ 12\nOffer     ▏ 1\n```"
    text = render({"type": "section", "text": mrkdwn(chart)})
    assert text.splitlines() == ["Applied   ▇▇▇▇▇▇▇▇ 48", "Onsite    ▇▇▇ 12", "Offer     ▏ 1"]


def test_render_message_has_no_ansi_even_for_styled_text() -> None:
    rendered = render_message({"blocks": [{"type": "section", "text": mrkdwn("*bold* `code`")}]})
    assert "\x1b" not in rendered.text


def test_user_text_is_not_rich_markup() -> None:
    assert render({"type": "section", "text": plain("[bold]literal[/bold] :smile:")}) == "[bold]literal[/bold] :smile:"


def test_print_message_colours_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=60)
    message = {
        "text": "x",
        "blocks": [{"type": "actions", "elements": [button("Go", "go", style="primary")]}],
    }
    controls = print_message(console, message, title="Ashby", start_number=3)
    assert controls == (Control(3, "button", "Go", "go", "", None),)
    assert "\x1b[" in out.getvalue()
    assert "Ashby" in out.getvalue()


def test_print_message_plain_when_piped() -> None:
    out = io.StringIO()
    print_message(Console(file=out, width=60), {"text": "*hello*"})
    assert "\x1b" not in out.getvalue()
    assert "hello" in out.getvalue()


element_types = st.sampled_from(["button", "static_select", "overflow", "mrkdwn", "plain_text", "text", "link"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | element_types,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["type", "text", "elements", "options", "style", "url", "value", "action_id"]),
            children,
            max_size=3,
        )
    ),
    max_leaves=8,
)
block_types = st.sampled_from(
    ["header", "section", "context", "divider", "actions", "image", "input", "rich_text", "mystery"]
)


@given(
    st.lists(
        st.fixed_dictionaries(
            {"type": block_types},
            optional={
                "text": json_values,
                "elements": json_values,
                "fields": json_values,
                "accessory": json_values,
                "element": json_values,
                "label": json_values,
            },
        ),
        max_size=4,
    )
)
def test_never_crashes_on_malformed_blocks(blocks: list[dict[str, Any]]) -> None:
    rendered = render_message({"blocks": blocks}, width=40)
    assert [c.number for c in rendered.controls] == list(range(1, len(rendered.controls) + 1))
