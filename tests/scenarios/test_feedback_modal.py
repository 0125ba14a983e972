"""Submit feedback over real signed HTTP: the button opens a modal built from the interview's scorecard,
the submission reaches Ashby once in Ashby's formats, problems show on their questions, only the event's
interviewers may submit, a closed modal keeps a draft, a form too large for Slack links to Ashby, and Ashby
refusing, failing or being slow is said in plain words."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from ashby.client import AshbyClient
from ashby.sandbox import Sandbox
from ashby.sandbox.faults import Fault
from blocks import feedback_form as forms
from blocks.limits import validate_view
from blocks.payloads import LINK, SubmitFeedback
from bot.loopback.local_slack import LocalSlackUser
from bot.loopback.render import render_message
from bot.loopback.session import PEOPLE, DemoSession

from .conftest import CANDIDATES
from .wire import Wire, record

pytestmark = pytest.mark.asyncio(loop_scope="module")

DANA, PRIYA = PEOPLE["dana"], PEOPLE["priya"]
SUBMIT = "applicationFeedback.submit"
OPENED_WITHIN = 10.0

#: A scorecard with every field type Ashby feedback forms use: (path, title, type, required, choices).
EVERY_TYPE: list[tuple[str, str, str, bool, tuple[tuple[str, str], ...]]] = [
    ("overall", "Overall Recommendation", "Score", True, (("1", "Strong No Hire"), ("4", "Strong Hire"))),
    ("decision", "Decision", "ValueSelect", True, (("advance", "Advance"), ("hold", "Hold"), ("reject", "Reject"))),
    ("strengths", "Strengths", "MultiValueSelect", False, (("craft", "Craft"), ("care", "Care"))),
    ("would_hire", "Would you work with them?", "Boolean", True, ()),
    ("headline", "Headline", "String", False, ()),
    ("notes", "Notes", "RichText", True, ()),
    ("details", "Details", "LongText", False, ()),
    ("years", "Years of experience", "Number", False, ()),
    ("start", "Earliest start", "Date", False, ()),
    ("reference", "Reference email", "Email", False, ()),
    ("portfolio", "Portfolio", "Url", False, ()),
    ("phone", "Phone", "Phone", False, ()),
]
ELEMENTS = {
    "overall": "radio_buttons",
    "decision": "radio_buttons",
    "strengths": "checkboxes",
    "would_hire": "radio_buttons",
    "headline": "plain_text_input",
    "notes": "plain_text_input",
    "details": "plain_text_input",
    "years": "number_input",
    "start": "datepicker",
    "reference": "email_text_input",
    "portfolio": "url_text_input",
    "phone": "plain_text_input",
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def session() -> AsyncIterator[tuple[DemoSession, Wire, AshbyClient]]:
    sandbox = Sandbox(seed=7, candidates=CANDIDATES)
    wire = record(sandbox)
    async with DemoSession(sandbox=sandbox) as demo:
        assert demo.bot is not None
        async with AshbyClient("sandbox", base_url=demo.bot.settings.ASHBY_API_URL) as ashby:
            yield demo, wire, ashby


@pytest.fixture
def demo(session: tuple[DemoSession, Wire, AshbyClient]) -> Iterator[DemoSession]:
    demo = session[0]
    demo.switch_user("dana")
    yield demo
    demo.sandbox.faults.clear()


@pytest.fixture
def wire(session: tuple[DemoSession, Wire, AshbyClient]) -> Wire:
    return session[1]


@pytest.fixture
def ashby(session: tuple[DemoSession, Wire, AshbyClient]) -> AshbyClient:
    return session[2]


# -- the sandbox's interviews --------------------------------------------------------------------------------


def user_id(demo: DemoSession, person: LocalSlackUser) -> str:
    return next(u["id"] for u in demo.sandbox.store.users if u["email"] == person.email)


def owed_by(demo: DemoSession, person: LocalSlackUser, candidate: str) -> SubmitFeedback:
    """The seeded ended interview of ``candidate`` that ``person`` ran and owes a scorecard for."""
    store = demo.sandbox.store
    me = user_id(demo, person)
    now = datetime.now(UTC).timestamp() * 1000
    for event in store.events:
        schedule = store.schedules.rows[event["scheduleId"]]
        application = store.applications.rows[schedule["applicationId"]]
        who = store.candidates.rows[application["candidateId"]]["name"]
        ran = me in [uid for uid, _ in event["interviewers"]]
        if who == candidate and ran and me not in event["submittedBy"] and event["endTime"] < now:
            return SubmitFeedback(schedule["id"], event["id"])
    raise AssertionError(f"no owed interview of {candidate} for {person.name}")


def a_form(title: str, fields: list[tuple[str, str, str, bool, tuple[tuple[str, str], ...]]]) -> dict[str, Any]:
    """A feedback form definition as the sandbox keeps it (and Ashby sends it)."""
    items = []
    for path, name, kind, required, choices in fields:
        spec: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "type": kind,
            "path": path,
            "humanReadablePath": name,
            "title": name,
            "isNullable": not required,
        }
        if choices:
            spec["selectableValues"] = [{"label": label, "value": value} for value, label in choices]
        items.append({"isRequired": required, "descriptionPlain": f"About {name.lower()}.", "field": spec})
    return {
        "id": str(uuid.uuid4()),
        "title": title,
        "formDefinition": {"sections": [{"title": title, "fields": items}]},
    }


async def new_interview(
    demo: DemoSession, ashby: AshbyClient, form: dict[str, Any], *, candidate: str = "alex.kim.design@example.com"
) -> SubmitFeedback:
    """An interview with ``form`` as its scorecard that Dana ran an hour ago (scheduled through the API)."""
    store = demo.sandbox.store
    if store.forms.get(form["id"]) is None:
        store.forms.add({**form, "isArchived": False, "isDefaultForm": False, "interviewId": None})
    interview_id = str(uuid.uuid4())
    store.interviews.add(
        {
            "id": interview_id,
            "title": f"{form['title']} interview",
            "isArchived": False,
            "isDebrief": False,
            "isFeedbackRequired": True,
            "isFeedbackRequested": True,
            "instructionsPlain": "Fill in the scorecard.",
            "jobId": None,
            "feedbackFormDefinitionId": form["id"],
        }
    )
    (found,) = await ashby.candidate_search(email=candidate)
    now = datetime.now(UTC)
    event = {
        "startTime": (now - timedelta(hours=2)).isoformat(),
        "endTime": (now - timedelta(hours=1)).isoformat(),
        "interviewers": [{"email": DANA.email}],
        "interviewId": interview_id,
    }
    schedule = await ashby.call(
        "interviewSchedule.create", {"applicationId": found.application_ids[0], "interviewEvents": [event]}
    )
    return SubmitFeedback(schedule["id"], schedule["interviewEvents"][0]["id"])


# -- Slack's side --------------------------------------------------------------------------------------------


async def click(demo: DemoSession, person: LocalSlackUser, button: SubmitFeedback) -> tuple[str, dict[str, Any]]:
    """Press Submit feedback (as on a DM card) and return the modal that opened: its id and view."""
    before = set(demo.slack.views)
    channel = demo.dm_channel(person)
    request = demo.requests.block_action(
        action_id=SubmitFeedback.ACTION,
        value=button.pack(),
        user_id=person.id,
        channel_id=channel,
        response_url=demo.slack.new_response_url(channel, person.id),
        message={"ts": "1700000000.000100", "text": "Scorecard reminder", "blocks": []},
    )
    response = await demo.post(request)
    assert response.status_code == 200 and not response.content  # acknowledged at once, empty
    return await modal_after(demo, before)


async def modal_after(demo: DemoSession, before: set[str]) -> tuple[str, dict[str, Any]]:
    async with asyncio.timeout(OPENED_WITHIN):
        while True:
            fresh = [view_id for view_id in demo.slack.views if view_id not in before]
            if fresh:
                view = demo.slack.views[fresh[-1]]
                if "Getting the scorecard" not in json.dumps(view):
                    assert validate_view(view) == [], validate_view(view)
                    return fresh[-1], view
            await asyncio.sleep(0.02)


async def submit(
    demo: DemoSession, person: LocalSlackUser, view_id: str, view: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Press the modal's Submit; returns the bot's answer (``response_action`` ...)."""
    request = demo.requests.view_submission(
        callback_id=view["callback_id"],
        values=values,
        user_id=person.id,
        private_metadata=view["private_metadata"],
        view_id=view_id,
    )
    response = await demo.post(request)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    if answer.get("response_action") in ("update", "push"):
        assert validate_view(answer["view"]) == [], validate_view(answer["view"])
    return answer


def state(**answers: dict[str, Any]) -> dict[str, Any]:
    """Slack's ``view.state.values`` for answers by field path."""
    return {forms.block_id(path): {forms.ANSWER: element} for path, element in answers.items()}


def chosen(value: str, kind: str = "radio_buttons") -> dict[str, Any]:
    return {"type": kind, "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}


def ticked(*values: str) -> dict[str, Any]:
    options = [{"text": {"type": "plain_text", "text": v}, "value": v} for v in values]
    return {"type": "checkboxes", "selected_options": options}


def typed(value: str | None, kind: str = "plain_text_input") -> dict[str, Any]:
    return {"type": kind, "value": value}


def text_of(view: dict[str, Any]) -> str:
    return render_message({"text": "", "blocks": view.get("blocks", [])}).text


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def the_draft(demo: DemoSession, button: SubmitFeedback, person: LocalSlackUser) -> Any:
    assert demo.bot is not None
    return demo.bot.store.get(f"feedback-draft:{button.event_id}:{person.id}")


# -- where the button is -------------------------------------------------------------------------------------


async def test_the_feedback_card_and_the_interviews_list_offer_it_to_whoever_owes_it(demo: DemoSession) -> None:
    owed = owed_by(demo, DANA, "Jane Doe")
    for line in ("/ashby feedback jane doe", "/ashby interviews jane doe"):
        exchange = await demo.command(line.removeprefix("/ashby "))
        buttons = [
            element
            for message in exchange.messages
            for block in message.blocks
            for element in [block.get("accessory"), *block.get("elements", [])]
            if isinstance(element, dict) and element.get("action_id") == SubmitFeedback.ACTION
        ]
        assert [b["value"] for b in buttons] == [owed.pack()], line
    demo.switch_user("priya")  # Priya did not run Jane's onsite: no button for her
    exchange = await demo.command("feedback jane doe")
    assert SubmitFeedback.ACTION not in json.dumps([m.blocks for m in exchange.messages])


# -- the modal -------------------------------------------------------------------------------------------------


async def test_the_modal_is_the_interviews_scorecard(demo: DemoSession) -> None:
    _, view = await click(demo, DANA, owed_by(demo, DANA, "Jane Doe"))
    assert view["callback_id"] == forms.CALLBACK_ID and view["notify_on_close"] is True
    assert len(view["private_metadata"]) < 300 and "Jane" not in view["private_metadata"]  # ids only
    assert "Jane Doe" in text_of(view) and "Interview Scorecard" in text_of(view)
    fields = inputs(view)
    overall = fields[forms.block_id("overall_recommendation")]
    assert overall["optional"] is False and overall["hint"]["text"] == "Overall Recommendation."
    assert overall["element"]["type"] == "radio_buttons"
    assert [o["value"] for o in overall["element"]["options"]] == ["1", "2", "3", "4"]
    assert overall["element"]["options"][3]["text"]["text"] == "4 · Strong Hire"
    assert fields[forms.block_id("technical_skills")]["optional"] is True
    notes = fields[forms.block_id("notes")]["element"]
    assert notes["type"] == "plain_text_input" and notes["multiline"] is True


async def test_every_field_type_and_the_exact_submission(demo: DemoSession, wire: Wire, ashby: AshbyClient) -> None:
    form = a_form("Every Field Scorecard", EVERY_TYPE)
    button = await new_interview(demo, ashby, form)
    view_id, view = await click(demo, DANA, button)
    fields = inputs(view)
    assert {bid: b["element"]["type"] for bid, b in fields.items()} == {
        forms.block_id(path): kind for path, kind in ELEMENTS.items()
    }
    assert {bid for bid, b in fields.items() if not b["optional"]} == {
        forms.block_id(p) for p in ("overall", "decision", "would_hire", "notes")
    }
    assert fields[forms.block_id("notes")]["element"]["multiline"] is True
    assert fields[forms.block_id("years")]["element"]["is_decimal_allowed"] is False

    # Our own checks first: a required question left blank, a number and a date that are not.
    mark = wire.mark()
    answer = await submit(
        demo,
        DANA,
        view_id,
        view,
        state(
            overall=chosen("4"),
            decision=chosen("advance"),
            would_hire=chosen("yes"),
            notes=typed("  "),
            years=typed("2.5", "number_input"),
            start={"type": "datepicker", "selected_date": "2026-02-30"},
        ),
    )
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        forms.block_id("notes"): "Please answer this question.",
        forms.block_id("years"): "Enter a whole number, like 3.",
        forms.block_id("start"): "Enter a date as YYYY-MM-DD.",
    }
    assert wire.since(mark, SUBMIT) == []

    everything = state(
        overall=chosen("4"),
        decision=chosen("advance"),
        strengths=ticked("craft", "care"),
        would_hire=chosen("no"),
        headline=typed("Sharp and kind"),
        notes=typed("Clear thinker.\nAsked great questions."),
        details=typed("Walked through the migration."),
        years=typed("7", "number_input"),
        start={"type": "datepicker", "selected_date": "2026-04-01"},
        reference=typed("ref@example.com", "email_text_input"),
        portfolio=typed("https://example.com/work", "url_text_input"),
        phone=typed("+44 20 7946 0000"),
    )
    answer = await submit(demo, DANA, view_id, view, everything)
    assert answer["response_action"] == "update" and "Thanks — submitted" in text_of(answer["view"])
    (sent,) = [body for _, body in wire.since(mark, SUBMIT)]
    store = demo.sandbox.store
    application_id = store.schedules.rows[button.schedule_id]["applicationId"]
    assert sent == {
        "applicationId": application_id,
        "formDefinitionId": form["id"],
        "feedbackForm": {
            "fieldSubmissions": [
                {"path": "overall", "value": {"score": 4}},
                {"path": "decision", "value": "advance"},
                {"path": "strengths", "value": ["craft", "care"]},
                {"path": "would_hire", "value": False},
                {"path": "headline", "value": "Sharp and kind"},
                {"path": "notes", "value": {"type": "PlainText", "value": "Clear thinker.\nAsked great questions."}},
                {"path": "details", "value": "Walked through the migration."},
                {"path": "years", "value": 7},
                {"path": "start", "value": "2026-04-01"},
                {"path": "reference", "value": "ref@example.com"},
                {"path": "portfolio", "value": "https://example.com/work"},
                {"path": "phone", "value": "+44 20 7946 0000"},
            ]
        },
        "userId": user_id(demo, DANA),
        "interviewEventId": button.event_id,
    }
    assert user_id(demo, DANA) in store.events.rows[button.event_id]["submittedBy"]


async def test_a_double_submit_makes_one_call_and_the_reminders_stop(demo: DemoSession, wire: Wire) -> None:
    button = owed_by(demo, DANA, "Jane Doe")
    view_id, view = await click(demo, DANA, button)
    values = state(overall_recommendation=chosen("3"), notes=typed("Solid systems design."))
    mark = wire.mark()
    first, second = await asyncio.gather(*(submit(demo, DANA, view_id, view, values) for _ in range(2)))
    assert len(wire.since(mark, SUBMIT)) == 1
    for answer in (first, second):
        assert answer["response_action"] == "update"
        assert "Thanks — submitted" in text_of(answer["view"]) or "on its way" in text_of(answer["view"])
    # A third press, later, is told it is done, and still makes no call.
    answer = await submit(demo, DANA, view_id, view, values)
    assert "Thanks — submitted" in text_of(answer["view"]) and len(wire.since(mark, SUBMIT)) == 1

    # The caches know at once: the scorecard index has it, the interview shows Dana's feedback as in.
    assert demo.bot is not None
    application_id = demo.sandbox.store.schedules.rows[button.schedule_id]["applicationId"]
    scorecards = demo.bot.recruiting.scorecards
    assert scorecards is not None
    assert any(
        c.interview_event_id == button.event_id and c.submitted_by == user_id(demo, DANA)
        for c in scorecards.of(application_id)
    )
    (_, event) = next(
        pair for pair in demo.bot.calendar.for_application(application_id) if pair[1].id == button.event_id
    )
    assert event.has_submitted_feedback
    exchange = await demo.command("feedback jane doe")
    assert SubmitFeedback.ACTION not in json.dumps([m.blocks for m in exchange.messages])
    # Pressing an old Submit feedback button again says so, with the way to Ashby.
    _, again = await click(demo, DANA, button)
    assert "already submitted" in text_of(again)


async def test_someone_else_is_refused(demo: DemoSession, wire: Wire, ashby: AshbyClient) -> None:
    button = await new_interview(demo, ashby, a_form("Pairing Scorecard", EVERY_TYPE[:1]))
    _, refused = await click(demo, PRIYA, button)
    assert "Only the interviewers" in text_of(refused) and "submit" not in refused
    view_id, view = await click(demo, DANA, button)
    mark = wire.mark()
    answer = await submit(demo, PRIYA, view_id, view, state(overall=chosen("2")))  # Dana's form, Priya's submit
    assert answer["response_action"] == "update" and "Only the interviewers" in text_of(answer["view"])
    sent = [body for _, body in wire.since(mark, SUBMIT)]
    assert all(body["userId"] != user_id(demo, PRIYA) for body in sent) and not sent
    demo.switch_user("guest")  # no Ashby account at all
    _, guest = await click(demo, PEOPLE["guest"], button)
    assert "Not available to you" in text_of(guest)


async def test_a_closed_modal_keeps_a_draft_for_the_next_opening(demo: DemoSession, ashby: AshbyClient) -> None:
    form = a_form("Draft Scorecard", [EVERY_TYPE[0], EVERY_TYPE[2], EVERY_TYPE[5], EVERY_TYPE[8]])
    button = await new_interview(demo, ashby, form)
    view_id, view = await click(demo, DANA, button)
    assert "answers you started earlier" not in text_of(view)
    values = state(
        overall=chosen("3"),
        strengths=ticked("care"),
        notes=typed("Half-written thoughts"),
        start={"type": "datepicker", "selected_date": "2026-05-04"},
    )
    closing = demo.requests.view_closed(
        callback_id=view["callback_id"],
        values=values,
        user_id=DANA.id,
        private_metadata=view["private_metadata"],
        view_id=view_id,
    )
    assert (await demo.post(closing)).status_code == 200
    async with asyncio.timeout(5):
        while await the_draft(demo, button, DANA) is None:  # noqa: ASYNC110 - the store has no signal
            await asyncio.sleep(0.02)

    _, reopened = await click(demo, DANA, button)
    assert "answers you started earlier" in text_of(reopened)
    fields = inputs(reopened)
    assert fields[forms.block_id("overall")]["element"]["initial_option"]["value"] == "3"
    assert [o["value"] for o in fields[forms.block_id("strengths")]["element"]["initial_options"]] == ["care"]
    assert fields[forms.block_id("notes")]["element"]["initial_value"] == "Half-written thoughts"
    assert fields[forms.block_id("start")]["element"]["initial_date"] == "2026-05-04"

    answer = await submit(demo, DANA, view_id, reopened, values)
    assert "Thanks — submitted" in text_of(answer["view"])
    assert await the_draft(demo, button, DANA) is None  # a successful submit forgets the draft


async def test_a_form_too_large_for_a_modal_links_to_ashby(demo: DemoSession, ashby: AshbyClient) -> None:
    many = [(f"q{n}", f"Question {n}", "String", False, ()) for n in range(120)]
    button = await new_interview(demo, ashby, a_form("Enormous Scorecard", many))
    _, view = await click(demo, DANA, button)
    assert view["callback_id"] != forms.CALLBACK_ID and "submit" not in view
    assert "120 questions, more than a Slack form can hold" in text_of(view)
    (link,) = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert link["action_id"] == LINK
    assert link["url"] == f"https://app.ashbyhq.com/interview-briefings/{button.event_id}/feedback"


async def test_ashby_refusing_an_answer_is_shown_on_its_question(
    demo: DemoSession, wire: Wire, ashby: AshbyClient
) -> None:
    form = a_form("Changing Scorecard", EVERY_TYPE[:2])
    button = await new_interview(demo, ashby, form)
    view_id, view = await click(demo, DANA, button)
    # Meanwhile an admin drops the "hold" choice from the form in Ashby.
    decision = demo.sandbox.store.forms.rows[form["id"]]["formDefinition"]["sections"][0]["fields"][1]["field"]
    decision["selectableValues"] = [v for v in decision["selectableValues"] if v["value"] != "hold"]
    mark = wire.mark()
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("2"), decision=chosen("hold")))
    assert len(wire.since(mark, SUBMIT)) == 1
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [forms.block_id("decision")]
    assert answer["errors"][forms.block_id("decision")].startswith("Ashby: Field decision takes one of")
    # Not sent, so it can be fixed and sent.
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("2"), decision=chosen("advance")))
    assert "Thanks — submitted" in text_of(answer["view"]) and len(wire.since(mark, SUBMIT)) == 2


async def test_ashby_down_or_refusing_the_person_is_explained(demo: DemoSession, ashby: AshbyClient) -> None:
    button = await new_interview(demo, ashby, a_form("Flaky Scorecard", EVERY_TYPE[:1]))
    view_id, view = await click(demo, DANA, button)
    # Ashby refuses without naming a question: Dana was taken off the interview in Ashby meanwhile.
    event = demo.sandbox.store.events.rows[button.event_id]
    panel = event["interviewers"]
    event["interviewers"] = [(user_id(demo, PRIYA), True)]
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("3")))
    shown = text_of(answer["view"])
    assert answer["response_action"] == "update"
    assert "Ashby didn't accept this feedback" in shown and "interviewers" in shown
    assert inputs(answer["view"])[forms.block_id("overall")]["element"]["initial_option"]["value"] == "3"
    event["interviewers"] = panel

    demo.sandbox.faults.add(Fault(SUBMIT, "server_error", times=None, status=503))
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("3")))
    shown = text_of(answer["view"])
    assert "Ashby didn't confirm your feedback" in shown and "Traceback" not in shown
    demo.sandbox.faults.clear()
    # Unconfirmed: not sent again blindly; the answers are kept as a draft.
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("3")))
    assert "Ashby didn't confirm your feedback" in text_of(answer["view"])
    assert await the_draft(demo, button, DANA) is not None


async def test_a_slow_ashby_gets_a_sending_modal_then_the_outcome(demo: DemoSession, ashby: AshbyClient) -> None:
    button = await new_interview(demo, ashby, a_form("Slow Scorecard", EVERY_TYPE[:1]))
    view_id, view = await click(demo, DANA, button)
    demo.sandbox.faults.add(Fault(SUBMIT, "latency", times=1, latency_ms=2600))
    started = asyncio.get_running_loop().time()
    answer = await submit(demo, DANA, view_id, view, state(overall=chosen("4")))
    assert asyncio.get_running_loop().time() - started < 3.0  # within Slack's three seconds
    assert "Sending your feedback" in text_of(answer["view"])
    async with asyncio.timeout(10):
        while "Thanks — submitted" not in text_of(demo.slack.views[view_id]):  # noqa: ASYNC110 - no signal
            await asyncio.sleep(0.05)


async def test_a_slow_ashby_opens_a_loading_modal_in_time(demo: DemoSession, ashby: AshbyClient) -> None:
    button = await new_interview(demo, ashby, a_form("Patient Scorecard", EVERY_TYPE[:1]))
    demo.sandbox.faults.add(Fault("interviewBriefing.info", "latency", times=1, latency_ms=2000))
    opened, updated = demo.slack.count("views.open"), demo.slack.count("views.update")
    _, view = await click(demo, DANA, button)
    assert view["callback_id"] == forms.CALLBACK_ID
    (loading,) = [c for c in demo.slack.calls if c.method == "views.open"][opened:]
    assert "Getting the scorecard" in json.dumps(loading.payload) and loading.error is None
    assert demo.slack.count("views.update") == updated + 1


async def test_a_button_that_was_tampered_with_says_so(demo: DemoSession) -> None:
    before = set(demo.slack.views)
    request = demo.requests.block_action(
        action_id=SubmitFeedback.ACTION,
        value="not:a:button",
        user_id=DANA.id,
        channel_id=demo.dm_channel(DANA),
        response_url=demo.slack.new_response_url(demo.dm_channel(DANA), DANA.id),
    )
    assert (await demo.post(request)).status_code == 200
    _, view = await modal_after(demo, before)
    assert "That button no longer works" in text_of(view)
