"""Help and the standard short answers."""

from blocks import ashby_unavailable, help_card, not_allowed, not_found, notice
from blocks.limits import validate_message
from tests.blocks.factories import help_view, shown


def test_help_lists_commands_with_examples() -> None:
    msg = help_card(help_view())
    assert validate_message(msg) == []
    text = shown(msg)
    assert "`/ashby jane doe` — a candidate's card" in text
    assert "`/ashby jobs` — open jobs by department" in text
    assert msg["text"] == "Here is what I can help with."


def test_help_note_first_then_suggestions() -> None:
    msg = help_card(help_view(note="I couldn't place that question.", suggestions=("/ashby jobs", "pipeline `x`")))
    text = shown(msg)
    assert text.index("I couldn't place that question.") < text.index("Did you mean `/ashby jobs`?")
    assert "Did you mean `pipeline ʼxʼ`?" in text
    assert text.index("Did you mean") < text.index("— a candidate's card")
    assert msg["text"] == "I couldn't place that question."


def test_help_with_huge_inputs() -> None:
    examples = tuple((f"/ashby cmd {i} <&>", "does " * 50) for i in range(500))
    msg = help_card(help_view(examples=examples, note="n" * 5000, suggestions=("s" * 5000,) * 50))
    assert validate_message(msg) == []


def test_notice_with_title_and_hint() -> None:
    msg = notice("Try `/ashby jobs` & see.", title="Heads up", hint="Use <@U0DANA>'s list")
    assert validate_message(msg) == []
    assert msg["blocks"][0]["text"]["text"] == "*Heads up*\nTry `/ashby jobs` &amp; see."
    assert msg["blocks"][1]["elements"][0]["text"] == "💡 Use <@U0DANA>'s list"
    assert msg["text"] == "Heads up: Try `/ashby jobs` &amp; see."


def test_notice_keeps_mentions_but_never_broadcasts() -> None:
    msg = notice("<@U0DANA> isn't linked <!channel> <https://evil.test|x>")
    assert msg["text"] == "<@U0DANA> isn't linked &lt;!channel&gt; &lt;https://evil.test|x&gt;"


def test_not_found_offers_the_closest() -> None:
    msg = not_found("xyz", "candidate", ["Jane Doe", "Jan <Do>"])
    assert msg["text"] == "No candidate matches “xyz”. Closest: “Jane Doe”, “Jan &lt;Do&gt;”."
    assert validate_message(msg) == []
    bare = not_found("xyz", "job", [])
    assert "Check the spelling" in shown(bare)
    hinted = not_found("eng", "job", ["Engineer", "Engineering Manager"], hint="Several jobs match; which one?")
    assert "Several jobs match; which one?" in shown(hinted)


def test_ashby_unavailable_and_not_allowed() -> None:
    down = ashby_unavailable("Ashby didn't answer in time.", "Try again in a minute.")
    assert "Ashby didn't answer in time." in shown(down)
    assert "💡 Try again in a minute." in shown(down)
    refused = not_allowed("Your Ashby access doesn't include that.")
    assert "Not available to you" in shown(refused)
    assert validate_message(down) == validate_message(refused) == []


def test_empty_and_huge_notices_are_still_valid() -> None:
    assert validate_message(notice("")) == []
    assert validate_message(notice("x" * 10_000, title="t" * 5000, hint="h" * 5000)) == []
