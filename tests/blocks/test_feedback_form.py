"""The feedback modal's builder and its answers: every field type Ashby forms use becomes the right Slack
input, answers come back in Ashby's value formats, problems land on their questions, drafts pre-fill, a form
Slack cannot hold says why; and the Submit feedback buttons on the feedback card and the interviews list."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ashby.views import OwedFeedback
from blocks import feedback_card, interviews_card
from blocks import feedback_form as forms
from blocks.limits import MAX_ID, MAX_MODAL_BLOCKS, validate_message, validate_view
from blocks.payloads import LINK, SubmitFeedback
from tests.blocks.factories import NOW, TZ, at, elements, feedback, interview, interviewer, shown


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


ABOUT = forms.About(candidate="Jane Doe", job="Senior Backend Engineer", interview="Onsite")
META = '{"s":"s1","e":"e1","a":"a1","f":"f1"}'


def field(
    path: str, kind: str, *, required: bool = False, choices: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    spec: dict[str, Any] = {"id": f"id-{path}", "type": kind, "path": path, "title": path.replace("_", " ").title()}
    if choices:
        spec["selectableValues"] = [{"label": c.replace("_", " ").title(), "value": c} for c in choices]
    return {"isRequired": required, "descriptionPlain": extra.pop("description", ""), "field": spec, **extra}


def raw_form(
    *fields: dict[str, Any], title: str = "Scorecard", sections: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "id": "form-1",
        "title": title,
        "isArchived": False,
        "formDefinition": {
            "sections": sections if sections is not None else [{"title": title, "fields": list(fields)}]
        },
    }


EVERY_TYPE = raw_form(
    field("overall", "Score", required=True, choices=("1", "2", "3", "4"), description="Your overall call."),
    field("call", "ValueSelect", required=True, choices=("advance", "hold")),
    field("region", "ValueSelect", choices=tuple(f"r{n}" for n in range(8))),
    field("strengths", "MultiValueSelect", choices=("craft", "care")),
    field("skills", "MultiValueSelect", choices=tuple(f"s{n}" for n in range(12))),
    field("again", "Boolean", required=True),
    field("headline", "String"),
    field("phone", "Phone"),
    field("mail", "Email"),
    field("site", "Url"),
    field("essay", "LongText"),
    field("notes", "RichText", required=True),
    field("years", "Number"),
    field("start", "Date"),
)
ELEMENT = {
    "overall": "radio_buttons",
    "call": "radio_buttons",
    "region": "static_select",
    "strengths": "checkboxes",
    "skills": "multi_static_select",
    "again": "radio_buttons",
    "headline": "plain_text_input",
    "phone": "plain_text_input",
    "mail": "email_text_input",
    "site": "url_text_input",
    "essay": "plain_text_input",
    "notes": "plain_text_input",
    "years": "number_input",
    "start": "datepicker",
}


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def element(view: dict[str, Any], path: str) -> dict[str, Any]:
    found: dict[str, Any] = inputs(view)[forms.block_id(path)]["element"]
    return found


def slack_state(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """What Slack would send for ``answers`` (option values, texts, dates) typed into ``view``."""
    values: dict[str, Any] = {}
    for path, answer in answers.items():
        kind = element(view, path)["type"]
        if kind in ("radio_buttons", "static_select"):
            entry: dict[str, Any] = {"type": kind, "selected_option": {"value": answer}}
        elif kind in ("checkboxes", "multi_static_select"):
            entry = {"type": kind, "selected_options": [{"value": v} for v in answer]}
        elif kind == "datepicker":
            entry = {"type": kind, "selected_date": answer}
        else:
            entry = {"type": kind, "value": answer}
        values[forms.block_id(path)] = {forms.ANSWER: entry}
    return values


# -- reading the form ----------------------------------------------------------------------------------------


def test_a_form_is_read_tolerantly() -> None:
    form = forms.form_from(
        raw_form(
            sections=[
                {
                    "title": "Signals",
                    "descriptionPlain": "What you saw.",
                    "fields": [
                        {"field": {"type": "String", "path": "first", "title": ""}, "descriptionPlain": "Hint"},
                        {"isRequired": False, "field": {"type": "String", "path": "first"}},  # the same path again
                        {"isRequired": False, "field": {"type": "String"}},  # no path
                        "not a field",
                    ],
                },
                {"fields": None},
                "junk",
            ]
        )
    )
    (question,) = form.questions()
    assert question.required is True  # isRequired defaults to true, as the reference says
    assert question.title == "first" and question.description == "Hint"
    assert form.parts[0].description == "What you saw." and form.parts[1].questions == ()
    assert forms.form_from({}).questions() == []


# -- the modal -------------------------------------------------------------------------------------------------


def test_every_field_type_becomes_its_input() -> None:
    form = forms.form_from(EVERY_TYPE)
    assert forms.why_not_in_slack(form) is None
    view = forms.form_view(form, ABOUT, metadata=META)
    assert validate_view(view) == []
    assert view["callback_id"] == forms.CALLBACK_ID and view["notify_on_close"] is True
    assert view["private_metadata"] == META and view["submit"]["text"] == "Submit"
    assert {path: element(view, path)["type"] for path in ELEMENT} == ELEMENT
    blocks = inputs(view)
    required = {bid for bid, b in blocks.items() if not b["optional"]}
    assert required == {forms.block_id(p) for p in ("overall", "call", "again", "notes")}
    assert blocks[forms.block_id("overall")]["hint"]["text"] == "Your overall call."
    assert [o["text"]["text"] for o in element(view, "again")["options"]] == ["Yes", "No"]
    assert element(view, "notes")["multiline"] is True and element(view, "essay")["multiline"] is True
    assert "multiline" not in element(view, "headline")
    assert element(view, "years")["is_decimal_allowed"] is False
    assert all(b["element"]["action_id"] == forms.ANSWER for b in blocks.values())
    text = dump(view)
    assert "Jane Doe" in text and "Senior Backend Engineer" in text and "Onsite" in text


def test_scores_are_one_to_four_with_the_forms_wording() -> None:
    bare = forms.form_from(raw_form(field("overall", "Score")))
    options = element(forms.form_view(bare, ABOUT, metadata=META), "overall")["options"]
    assert [(o["value"], o["text"]["text"]) for o in options] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    wording = raw_form(field("overall", "Score"))
    wording["formDefinition"]["sections"][0]["fields"][0]["field"]["selectableValues"] = [
        {"value": "4", "label": "Strong Hire"}
    ]
    options = element(forms.form_view(forms.form_from(wording), ABOUT, metadata=META), "overall")["options"]
    assert options[3]["text"]["text"] == "4 · Strong Hire" and options[0]["text"]["text"] == "1"


def test_sections_get_headings_and_descriptions() -> None:
    form = forms.form_from(
        raw_form(
            sections=[
                {"title": "Skills", "descriptionPlain": "Rate each.", "fields": [field("a", "Score")]},
                {"title": "Summary", "fields": [field("b", "RichText")]},
            ]
        )
    )
    view = forms.form_view(form, ABOUT, metadata=META)
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["Skills", "Summary"] and "Rate each." in dump(view)


def test_a_draft_prefills_what_fits_and_nothing_else() -> None:
    form = forms.form_from(EVERY_TYPE)
    draft = {
        "overall": "3",
        "call": "hold",
        "region": "r7",
        "strengths": ["care"],
        "skills": ["s2", "s11"],
        "again": "no",
        "headline": "Sharp",
        "notes": "Half done",
        "years": "12",
        "start": "2026-04-01",
    }
    view = forms.form_view(form, ABOUT, metadata=META, answers=draft, restored=True)
    assert validate_view(view) == []
    assert "answers you started earlier" in dump(view)
    assert element(view, "overall")["initial_option"]["value"] == "3"
    assert element(view, "region")["initial_option"]["value"] == "r7"
    assert [o["value"] for o in element(view, "skills")["initial_options"]] == ["s2", "s11"]
    assert element(view, "again")["initial_option"]["text"]["text"] == "No"
    assert element(view, "notes")["initial_value"] == "Half done"
    assert element(view, "years")["initial_value"] == "12"
    assert element(view, "start")["initial_date"] == "2026-04-01"
    # What no longer fits the form (a removed choice, a bad number or date) is not pre-filled.
    stale = {"overall": "9", "strengths": ["gone"], "years": "many", "start": "2026-13-01"}
    view = forms.form_view(form, ABOUT, metadata=META, answers=stale)
    assert validate_view(view) == []
    assert "initial_option" not in element(view, "overall") and "initial_options" not in element(view, "strengths")
    assert "initial_value" not in element(view, "years") and "initial_date" not in element(view, "start")


def test_a_problem_shows_above_the_questions() -> None:
    form = forms.form_from(EVERY_TYPE)
    problem = {"text": "x", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "⚠️ Ashby is down"}}]}
    view = forms.form_view(form, ABOUT, metadata=META, problem=problem)
    assert view["blocks"][1]["text"]["text"] == "⚠️ Ashby is down"


def test_long_choice_values_travel_by_position() -> None:
    long_value = "v" * 200
    form = forms.form_from(raw_form(field("pick", "ValueSelect", required=True, choices=(long_value, "#odd", "ok"))))
    view = forms.form_view(form, ABOUT, metadata=META)
    assert validate_view(view) == []
    assert [o["value"] for o in element(view, "pick")["options"]] == ["#0", "#1", "ok"]
    for option, expected in (("#0", long_value), ("#1", "#odd"), ("ok", "ok")):
        answers = forms.read_answers(form, slack_state(view, {"pick": option}))
        assert forms.to_submissions(form, answers) == ([{"path": "pick", "value": expected}], {})


def test_block_ids_stay_within_slacks_limit() -> None:
    long_path = "p" * 300
    assert len(forms.block_id(long_path)) <= MAX_ID and forms.block_id(long_path) != forms.block_id("p" * 301)
    assert forms.block_id("overall") == "q:overall"


# -- forms Slack cannot hold -----------------------------------------------------------------------------------


def test_a_form_over_a_hundred_blocks_is_refused_with_the_count() -> None:
    many = raw_form(*(field(f"q{n}", "String") for n in range(120)))
    assert forms.why_not_in_slack(forms.form_from(many)) == (
        "This scorecard has 120 questions, more than a Slack form can hold."
    )
    fits = forms.form_from(raw_form(*(field(f"q{n}", "String") for n in range(MAX_MODAL_BLOCKS - 5))))
    assert forms.why_not_in_slack(fits) is None
    view = forms.form_view(fits, ABOUT, metadata=META, problem={"blocks": [{"type": "divider"}] * 2}, restored=True)
    assert validate_view(view) == [] and len(view["blocks"]) <= MAX_MODAL_BLOCKS


def test_questions_slack_cannot_ask() -> None:
    optional = forms.form_from(raw_form(field("a", "Score", required=True), field("pay", "Currency")))
    assert forms.why_not_in_slack(optional) is None
    view = forms.form_view(optional, ABOUT, metadata=META)
    assert forms.block_id("pay") not in inputs(view) and "Only in Ashby" in dump(view)
    assert forms.to_submissions(optional, {"a": "2", "pay": "100"}) == ([{"path": "a", "value": {"score": 2}}], {})
    required = forms.form_from(raw_form(field("a", "Score"), field("pay", "Currency", required=True)))
    assert "required questions Slack can't ask" in (forms.why_not_in_slack(required) or "")
    huge_menu = forms.form_from(
        raw_form(field("pick", "ValueSelect", required=True, choices=tuple(map(str, range(101)))))
    )
    assert forms.why_not_in_slack(huge_menu) is not None
    assert forms.why_not_in_slack(forms.form_from(raw_form())) == "This scorecard has no questions Slack can ask."


def test_the_ashby_only_view_links_to_the_scorecard() -> None:
    view = forms.ashby_only_view(ABOUT, "This scorecard has 120 questions.", "https://app.ashbyhq.com/x/feedback")
    assert validate_view(view) == [] and "submit" not in view
    (button,) = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == LINK and button["url"] == "https://app.ashbyhq.com/x/feedback"
    no_link = forms.ashby_only_view(ABOUT, "Too big.", None)
    assert validate_view(no_link) == [] and "Open the interview in Ashby" in dump(no_link)


def test_the_other_faces_are_valid_modals() -> None:
    submitted = datetime(2025, 11, 27, 15, 5, tzinfo=UTC)
    thanks = forms.thanks_view(ABOUT, at=submitted, now=NOW, tz=TZ)
    assert "Thanks — submitted" in dump(thanks) and "Today 10:05 AM" in dump(thanks)
    for view in (thanks, forms.loading_view(), forms.sending_view(), forms.notice_view({"text": "No."})):
        assert validate_view(view) == [] and view["callback_id"] == forms.NOTE_CALLBACK_ID
        assert "submit" not in view and not view.get("notify_on_close")


# -- the answers -------------------------------------------------------------------------------------------------


def test_answers_in_ashbys_formats() -> None:
    form = forms.form_from(EVERY_TYPE)
    view = forms.form_view(form, ABOUT, metadata=META)
    typed = {
        "overall": "4",
        "call": "advance",
        "region": "r3",
        "strengths": ["craft", "care"],
        "skills": ["s1"],
        "again": "yes",
        "headline": "  Sharp  ",
        "phone": "+1 555 0100",
        "mail": "ref@example.com",
        "site": "https://example.com",
        "essay": "Line one\nLine two",
        "notes": "Clear thinker.",
        "years": "1,200",
        "start": "2026-04-01",
    }
    answers = forms.read_answers(form, slack_state(view, typed))
    submissions, problems = forms.to_submissions(form, answers)
    assert problems == {}
    assert submissions == [
        {"path": "overall", "value": {"score": 4}},
        {"path": "call", "value": "advance"},
        {"path": "region", "value": "r3"},
        {"path": "strengths", "value": ["craft", "care"]},
        {"path": "skills", "value": ["s1"]},
        {"path": "again", "value": True},
        {"path": "headline", "value": "Sharp"},
        {"path": "phone", "value": "+1 555 0100"},
        {"path": "mail", "value": "ref@example.com"},
        {"path": "site", "value": "https://example.com"},
        {"path": "essay", "value": "Line one\nLine two"},
        {"path": "notes", "value": {"type": "PlainText", "value": "Clear thinker."}},
        {"path": "years", "value": 1200},
        {"path": "start", "value": "2026-04-01"},
    ]


def test_blank_optional_questions_are_left_out() -> None:
    form = forms.form_from(EVERY_TYPE)
    view = forms.form_view(form, ABOUT, metadata=META)
    values = slack_state(view, {"overall": "1", "call": "hold", "again": "no", "notes": "Ok", "headline": "  "})
    values[forms.block_id("strengths")] = {forms.ANSWER: {"type": "checkboxes", "selected_options": []}}
    values[forms.block_id("region")] = {forms.ANSWER: {"type": "static_select", "selected_option": None}}
    submissions, problems = forms.to_submissions(form, forms.read_answers(form, values))
    assert problems == {} and [s["path"] for s in submissions] == ["overall", "call", "again", "notes"]


@pytest.mark.parametrize(
    ("path", "answer", "problem"),
    [
        ("overall", None, "Please answer this question."),
        ("notes", "   ", "Please answer this question."),
        ("overall", "5", "Choose a score from 1 to 4."),
        ("call", "maybe", "Choose one of the options."),
        ("strengths", ["craft", "forged"], "Choose from the options listed."),
        ("again", "perhaps", "Choose Yes or No."),
        ("years", "2.5", "Enter a whole number, like 3."),
        ("years", "ten", "Enter a whole number, like 3."),
        ("start", "2026-02-30", "Enter a date as YYYY-MM-DD."),
        ("mail", "nobody", "Enter an email address, like name@example.com."),
        ("site", "example.com", "Enter a web address starting with https://."),
    ],
)
def test_problems_land_on_their_question(path: str, answer: Any, problem: str) -> None:
    form = forms.form_from(EVERY_TYPE)
    answers: dict[str, Any] = {"overall": "2", "call": "hold", "again": "yes", "notes": "Fine"}
    answers[path] = answer
    submissions, problems = forms.to_submissions(form, {k: v for k, v in answers.items() if v is not None})
    assert problems == {forms.block_id(path): problem}
    assert path not in [s["path"] for s in submissions]


def test_reading_what_slack_sends_tolerates_junk() -> None:
    form = forms.form_from(EVERY_TYPE)
    junk = {
        forms.block_id("overall"): "nope",
        forms.block_id("call"): {forms.ANSWER: "nope"},
        forms.block_id("headline"): {forms.ANSWER: {"type": "plain_text_input", "value": 7}},
        forms.block_id("strengths"): {forms.ANSWER: {"selected_options": [{"value": 1}, "x", {"value": "care"}]}},
    }
    assert forms.read_answers(form, junk) == {"strengths": ["care"]}
    assert forms.read_answers(form, None) == {}
    assert forms.anything_entered(junk) is True
    assert forms.anything_entered({"b": {"a": {"type": "plain_text_input", "value": None}}}) is False
    assert forms.anything_entered("nothing") is False


def test_ashbys_refusal_is_matched_to_the_question_it_names() -> None:
    form = forms.form_from(raw_form(field("notes", "String"), field("notes_extra", "String"), field("pay", "Currency")))
    assert forms.question_named(form, "Field notes_extra takes a string").path == "notes_extra"  # type: ignore[union-attr]
    assert forms.question_named(form, "Field notes takes a string").path == "notes"  # type: ignore[union-attr]
    assert forms.question_named(form, "Bad value", {"path": "notes"}).path == "notes"  # type: ignore[union-attr]
    assert forms.question_named(form, "Field pay takes money") is None  # a question the modal never asked
    assert forms.question_named(form, "userId must be one of the interviewers") is None
    assert forms.ashby_error_text("Field notes takes a string").startswith("Ashby: Field notes")


# -- the buttons on cards ----------------------------------------------------------------------------------------


def submit_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in elements(message) if e["action_id"] == SubmitFeedback.ACTION]


def test_the_feedback_card_offers_the_askers_own_owed_scorecards() -> None:
    owed = OwedFeedback("sched-1", "event-1", "System design", NOW - timedelta(hours=3))
    view = feedback(owed_by_viewer=(owed,))
    private = feedback_card(view, now=NOW, tz=TZ, show_text=True)
    assert validate_message(private) == []
    (button,) = submit_buttons(private)
    assert SubmitFeedback.unpack(button["value"]) == SubmitFeedback("sched-1", "event-1")
    assert button["text"]["text"] == "Submit feedback" and "Your scorecard for *System design*" in shown(private)
    # A card for a channel never carries it; a card for someone who owes nothing has none.
    assert submit_buttons(feedback_card(view, now=NOW, tz=TZ, show_text=False)) == []
    assert submit_buttons(feedback_card(feedback(), now=NOW, tz=TZ, show_text=True)) == []


def test_the_interviews_list_offers_it_for_ended_interviews_the_asker_owes() -> None:
    me = interviewer("Dana Whitfield")
    ended = interview(
        start=at(-3), interviewers=(interviewer("Tomás Herrera", submitted=True), me), viewer_id=me.person.id
    )
    message = interviews_card([ended], title="Your interviews", now=NOW, tz=TZ)
    assert validate_message(message) == []
    (button,) = submit_buttons(message)
    assert SubmitFeedback.unpack(button["value"]) == SubmitFeedback(ended.schedule_id, ended.event_id)
    assert "Scorecard in Ashby" in shown(message)
    # Not before it ends, not once submitted, not for someone else's, not where the scorecard link is hidden.
    for view in (
        interview(start=at(1), interviewers=(me,), viewer_id=me.person.id),
        interview(start=at(-3), interviewers=(interviewer("Dana Whitfield", submitted=True),), viewer_id=me.person.id),
        interview(start=at(-3), interviewers=(interviewer("Tomás Herrera"),), viewer_id=me.person.id),
        interview(start=at(-3), interviewers=(me,), viewer_id=me.person.id, feedback_link=None),
        interview(start=at(-3), interviewers=(me,)),
    ):
        assert submit_buttons(interviews_card([view], title="Interviews", now=NOW, tz=TZ)) == []
