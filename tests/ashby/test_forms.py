"""Scorecards read through their form definitions: the recommendation found by type and title, whatever
its path, and every other answer rendered by its field's type."""

from typing import Any

from ashby import models as m
from ashby.forms import Verdict, read, scale_of, score_of, verdict

DECISIONS = [
    ("strong_no_hire", "Strong No Hire"),
    ("no_hire", "No Hire"),
    ("hire", "Hire"),
    ("strong_hire", "Strong Hire"),
]


def field(path: str, title: str, kind: str, choices: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    values = [{"value": value, "label": label} for value, label in choices or []]
    return {"field": {"path": path, "title": title, "type": kind, "selectableValues": values}}


def form(*fields: dict[str, Any]) -> m.FormDefinition:
    return m.FormDefinition.model_validate({"sections": [{"title": "Scorecard", "fields": list(fields)}]})


DECISION_FORM = form(
    field("craft", "Craft", "Score"),
    field("x7", "Hiring Decision", "ValueSelect", DECISIONS),
    field("strengths", "Strengths", "MultiValueSelect", [("craft", "Craft"), ("customer_focus", "Customer focus")]),
    field("again", "Would work with again", "Boolean"),
    field("summary", "Summary", "RichText"),
    field("years", "Years of experience", "Number"),
    field("start", "Earliest start", "Date"),
    field("level", "Level", "ValueSelect", [("l5", "Senior")]),
)


def test_a_value_select_recommendation_is_found_by_title_and_shown_by_its_label() -> None:
    values = {
        "x7": "strong_hire",
        "craft": {"score": 3},
        "strengths": ["customer_focus", "craft"],
        "again": False,
        "summary": {"type": "PlainText", "value": "Thoughtful portfolio."},
        "years": 7.0,
        "start": "2026-01-05",
        "level": "l5",
    }
    reading = read(DECISION_FORM, values)
    assert reading.verdict == Verdict(label="Strong Hire", score=4)
    assert reading.scores == (("Craft", 3),)
    assert reading.answers == (
        ("Strengths", "Customer focus, Craft"),
        ("Would work with again", "No"),
        ("Summary", "Thoughtful portfolio."),
        ("Years of experience", "7"),
        ("Earliest start", "2026-01-05"),
        ("Level", "Senior"),
    )
    assert verdict(DECISION_FORM, values) == reading.verdict


def test_a_score_recommendation_takes_the_forms_labels() -> None:
    scorecard = form(
        field("technical", "Technical Skills", "Score"),
        field("_systemfield_overall_recommendation", "Overall Recommendation", "Score", [("3", "Lean hire")]),
    )
    assert verdict(scorecard, {"_systemfield_overall_recommendation": {"score": 3}}) == Verdict("Lean hire", 3)
    assert verdict(scorecard, {"_systemfield_overall_recommendation": 4}) == Verdict("Strong Hire", 4)
    reading = read(scorecard, {"technical": {"score": 2}, "_systemfield_overall_recommendation": {"score": 3}})
    assert reading.scores == (("Technical Skills", 2),)  # the recommendation is not also a score


def test_the_surest_word_wins() -> None:
    fields = form(
        field("overall_tech", "Overall technical bar", "Score"),
        field("rec", "Our recommendation", "ValueSelect", [("yes", "Yes"), ("no", "No")]),
        field("notes", "Recommendation notes", "String"),  # a title that matches but a type that cannot
    )
    assert verdict(fields, {"overall_tech": {"score": 1}, "rec": "yes", "notes": "Hire"}) == Verdict("Yes", 3)


def test_yes_no_wording_sits_on_the_scale_and_other_wording_keeps_its_label() -> None:
    assert [scale_of(w) for w in ("Strong No", "no", "YES", "strong_yes", "Strong No-Hire")] == [1, 2, 3, 4, 1]
    advance = form(field("d", "Decision", "ValueSelect", [("advance", "Advance to next round")]))
    assert verdict(advance, {"d": "advance"}) == Verdict("Advance to next round", None)
    # An option the form no longer lists is still put in words.
    assert verdict(DECISION_FORM, {"x7": "strong_no_hire"}) == Verdict("Strong No Hire", 1)
    assert verdict(form(field("d", "Decision", "ValueSelect")), {"d": "no_hire"}) == Verdict("No Hire", 2)


def test_no_recommendation_when_unanswered_or_absent() -> None:
    assert verdict(DECISION_FORM, {"craft": {"score": 4}}) is None
    assert verdict(form(field("notes", "Notes", "LongText")), {"notes": "Fine."}) is None
    assert read(DECISION_FORM, {"x7": None}).verdict is None


def test_without_a_form_the_answers_are_read_by_their_shape() -> None:
    values = {"overall_recommendation": {"score": 2}, "coding": {"score": 4}, "notes": "Solid.", "remote": True}
    reading = read(None, values)
    assert reading.verdict == Verdict("No Hire", 2)
    assert reading.scores == (("Coding", 4),)
    assert reading.answers == (("Notes", "Solid."), ("Remote", "Yes"))


def test_scores_are_read_in_either_shape() -> None:
    assert score_of({"score": 3}) == 3 and score_of(4) == 4 and score_of("2") == 2
    assert score_of(True) is None and score_of(9) is None and score_of(None) is None
