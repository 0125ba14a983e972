"""The "which one did you mean?" picker."""

from blocks import candidate_picker
from blocks.limits import validate_message
from tests.blocks.factories import action_ids, choice, elements, shown


def test_one_button_per_choice_labelled_with_the_name() -> None:
    msg = candidate_picker("jane", [choice("Jane Doe"), choice("Jane Smith", detail="Designer · Onsite")])
    assert validate_message(msg) == []
    assert action_ids(msg) == ["ashby_candidate", "ashby_candidate"]
    assert [(e["text"]["text"], e["value"]) for e in elements(msg)] == [
        ("Jane Doe", "cand-jane-doe"),
        ("Jane Smith", "cand-jane-smith"),
    ]
    text = shown(msg)
    assert "Which one did you mean?" in text
    assert "Designer · Onsite" in text
    assert msg["text"] == "Which one did you mean? 2 candidates match “jane”."


def test_every_block_is_marked_as_picker_for_the_click_handler() -> None:
    msg = candidate_picker("jane", [choice(f"Jane {i}") for i in range(15)])
    assert all(block["block_id"].startswith("picker") for block in msg["blocks"])
    assert validate_message(msg) == []


def test_at_most_ten_with_a_hint_for_the_rest() -> None:
    msg = candidate_picker("j", [choice(f"Jane {i}") for i in range(12)], total=40)
    assert len(action_ids(msg)) == 10
    assert "…and 30 more — try a fuller name or an email" in shown(msg)
    assert "40 candidates" in msg["text"]


def test_detail_emails_stay_out_of_the_fallback() -> None:
    msg = candidate_picker("jane", [choice("Jane Doe", detail="jane@example.com"), choice("Jane Roe")])
    assert "jane@example.com" in shown(msg)
    assert "jane@example.com" not in msg["text"]


def test_query_and_names_are_escaped() -> None:
    msg = candidate_picker("<b>&", [choice("<Jane>", detail="R&D"), choice("Jo")])
    assert "“&lt;b&gt;&amp;”" in msg["text"]
    assert "R&amp;D" in shown(msg)
    assert elements(msg)[0]["text"]["text"] == "<Jane>"


def test_unusable_ids_are_skipped_not_cut() -> None:
    msg = candidate_picker("x", [choice("Jane", id="i" * 3000), choice("John")])
    assert [e["value"] for e in elements(msg)] == ["cand-john"]
    assert "…and 1 more" in shown(msg)


def test_no_choices() -> None:
    msg = candidate_picker("zed", [])
    assert msg["text"] == "No candidate matches “zed”."
    assert validate_message(msg) == []
