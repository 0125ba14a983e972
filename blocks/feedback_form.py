"""The feedback modal: an interview's scorecard as a Slack form, and the answers back in Ashby's formats.

``form_from`` reads the feedback form definition Ashby sends (``feedbackFormDefinition.info``) tolerantly
into a ``Form``. ``form_view`` draws it as a modal: one input block per question, of the kind its Ashby
field type needs (Score as a 1-4 radio, ValueSelect as radios or a menu, MultiValueSelect as checkboxes or
a multi-select, Boolean as Yes/No, String/Email/Url/Phone as one line, LongText and RichText as a
paragraph, Number as a whole-number input, Date as a date picker), required questions without Slack's
"(optional)" mark and each question's description as its hint. ``read_answers`` turns what Slack sends
back (``view.state.values``) into plain answers by field path (also what a closed modal's draft keeps),
and ``to_submissions`` checks them and writes Ashby's ``fieldSubmissions`` (value formats from the
``applicationFeedback.submit`` reference: ``{"score": n}``, ``{"type": "PlainText", "value": ...}``,
``YYYY-MM-DD`` ...). A form Slack cannot hold (over 100 blocks, or a required question of a type Slack
cannot ask) is not drawn half: ``why_not_in_slack`` says why, and ``ashby_only_view`` links to Ashby.

Pure: data in, dicts out. ``CALLBACK_ID`` and ``ANSWER`` name the modal and its inputs; they are not
button action ids (those live in ``blocks/payloads.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from blocks.common import (
    Block,
    Message,
    button,
    context,
    escape,
    header,
    inline,
    linkable,
    one_line,
    plain,
    section,
    when,
)
from blocks.limits import (
    MAX_ID,
    MAX_INPUT_HINT,
    MAX_INPUT_LABEL,
    MAX_MODAL_BLOCKS,
    MAX_MODAL_BUTTON,
    MAX_MODAL_TITLE,
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_PLACEHOLDER,
    MAX_PRIVATE_METADATA,
    MAX_SELECT_OPTIONS,
    truncate,
)
from blocks.payloads import LINK

#: The form modal's callback id: its submission and its closing come back under it.
CALLBACK_ID = "feedback_form"
#: The modal's other faces (loading, sending, thanks, refusals): nothing to submit, nothing to listen for.
NOTE_CALLBACK_ID = "feedback_note"
#: The action id of every input in the form (block ids tell the questions apart).
ANSWER = "answer"
#: Slack's longest ``plain_text_input``.
MAX_TEXT_INPUT = 3000
#: Up to this many choices are radio buttons or checkboxes; more become a menu.
MAX_INLINE_CHOICES = 5
#: Blocks a drawn form may need besides its questions (what it is about, a problem, the draft note).
_RESERVED_BLOCKS = 4

SCORES = ("1", "2", "3", "4")
YES, NO = "yes", "no"
TEXT_KINDS = frozenset({"String", "Phone", "Email", "Url", "LongText", "RichText"})
#: The Ashby field types the modal can ask (the select types only with 1-100 choices).
ASKABLE = frozenset({"Score", "ValueSelect", "MultiValueSelect", "Boolean", "Number", "Date", *TEXT_KINDS})

_INTEGER = re.compile(r"[+-]?\d{1,15}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


# -- the form ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    """One field of the form: its path (what Ashby keys the answer by), Ashby type, wording and choices
    (``(Ashby value, label)`` pairs of a select or a Score)."""

    path: str
    kind: str
    title: str
    required: bool = False
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def block_id(self) -> str:
        return block_id(self.path)

    @property
    def askable(self) -> bool:
        if self.kind in ("ValueSelect", "MultiValueSelect"):
            return 0 < len(self.choices) <= MAX_SELECT_OPTIONS
        return self.kind in ASKABLE


@dataclass(frozen=True, slots=True)
class Part:
    """A section of the form."""

    title: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    title: str
    parts: tuple[Part, ...]

    def questions(self) -> list[Question]:
        return [q for part in self.parts for q in part.questions]

    def question(self, path: str) -> Question | None:
        return next((q for q in self.questions() if q.path == path), None)


@dataclass(frozen=True, slots=True)
class About:
    """What the modal is about, for its first lines: the candidate, the job and the interview."""

    candidate: str
    job: str = ""
    interview: str = ""


def block_id(path: str) -> str:
    """The input block of the question at ``path`` (Slack's block ids stop at 255 characters)."""
    candidate = f"q:{path}"
    if len(candidate) <= MAX_ID:
        return candidate
    return "q#" + hashlib.sha256(path.encode()).hexdigest()[:32]


def form_from(raw: Mapping[str, Any]) -> Form:
    """A feedback form definition as Ashby sends it (``{id, title, formDefinition: {sections: [...]}}``),
    read tolerantly: entries without a path are skipped, a path seen twice counts once, and a field whose
    ``isRequired`` is missing is required (the reference's default)."""
    definition = raw.get("formDefinition")
    sections = definition.get("sections") if isinstance(definition, Mapping) else None
    seen: set[str] = set()
    parts: list[Part] = []
    for entry in _list(sections):
        if not isinstance(entry, Mapping):
            continue
        questions: list[Question] = []
        for item in _list(entry.get("fields")):
            question = _question(item)
            if question is not None and question.path not in seen:
                seen.add(question.path)
                questions.append(question)
        parts.append(Part(_text(entry.get("title")), _text(entry.get("descriptionPlain")), tuple(questions)))
    return Form(id=_text(raw.get("id")), title=_text(raw.get("title")), parts=tuple(parts))


def _question(item: Any) -> Question | None:
    if not isinstance(item, Mapping):
        return None
    field = item.get("field")
    if not isinstance(field, Mapping):
        return None
    path = field.get("path")
    if not isinstance(path, str) or not path:
        return None
    choices: list[tuple[str, str]] = []
    for value in _list(field.get("selectableValues")):
        if isinstance(value, Mapping) and isinstance(value.get("value"), str) and value["value"]:
            choices.append((value["value"], _text(value.get("label")) or value["value"]))
    return Question(
        path=path,
        kind=_text(field.get("type")),
        title=_text(field.get("title")) or _text(field.get("humanReadablePath")) or path,
        required=item.get("isRequired") is not False,
        description=_text(item.get("descriptionPlain")) or _text(field.get("descriptionPlain")),
        choices=tuple(choices),
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# -- drawing it ----------------------------------------------------------------------------------------------


def why_not_in_slack(form: Form) -> str | None:
    """Why this form cannot be a Slack modal (a sentence), or None when it can."""
    questions = form.questions()
    blocked = [q for q in questions if q.required and not q.askable]
    if blocked:
        titles = ", ".join(f"“{one_line(q.title)}”" for q in blocked[:3])
        return f"This scorecard has required questions Slack can't ask ({truncate(titles, 300)})."
    if not any(q.askable for q in questions):
        return "This scorecard has no questions Slack can ask."
    needed = len(_form_blocks(form, {})) + _RESERVED_BLOCKS
    if needed > MAX_MODAL_BLOCKS:
        asked = sum(1 for q in questions if q.askable)
        return f"This scorecard has {asked} questions, more than a Slack form can hold."
    return None


def form_view(
    form: Form,
    about: About,
    *,
    metadata: str,
    answers: Mapping[str, Any] | None = None,
    problem: Message | None = None,
    restored: bool = False,
) -> dict[str, Any]:
    """The form as a modal, pre-filled with ``answers`` (a draft, or what was just submitted), with
    ``problem`` (a notice) above the questions and a line when a draft was restored.

    Check ``why_not_in_slack`` first: a form that does not fit is cut at Slack's 100 blocks here."""
    if len(metadata) > MAX_PRIVATE_METADATA:
        raise ValueError("private_metadata must stay within Slack's 3,000 characters")
    blocks: list[Block] = [_about(about, form.title)]
    if problem is not None:
        blocks += list(problem.get("blocks") or [])
    if restored:
        blocks.append(context("📝 These are the answers you started earlier. Check them, then submit."))
    blocks += _form_blocks(form, answers or {})
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain("Submit feedback", MAX_MODAL_TITLE),
        "submit": plain("Submit", MAX_MODAL_BUTTON),
        "close": plain("Cancel", MAX_MODAL_BUTTON),
        "notify_on_close": True,
        "private_metadata": metadata,
        "blocks": blocks[:MAX_MODAL_BLOCKS],
    }


def _about(about: About, form_title: str) -> Block:
    first = f"*{inline(about.candidate, 'Unnamed candidate')}*"
    if one_line(about.job):
        first += f" · {inline(about.job)}"
    second = " · ".join(part for part in (inline(about.interview), inline(form_title)) if part)
    return section(f"{first}\n{second}" if second else first)


def _form_blocks(form: Form, answers: Mapping[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    for part in form.parts:
        asked = [q for q in part.questions if q.askable]
        if not asked:
            continue
        if part.title and (len(form.parts) > 1 or one_line(part.title) != one_line(form.title)):
            blocks.append(header(part.title))
        if part.description:
            blocks.append(context(escape(part.description)))
        blocks += [_input(q, answers.get(q.path)) for q in asked]
    skipped = [q for q in form.questions() if not q.askable]
    if skipped:
        titles = ", ".join(f"“{inline(q.title)}”" for q in skipped)
        blocks.append(context(f"Only in Ashby (Slack can't ask them; they are optional): {titles}"))
    return blocks


def _input(question: Question, answer: Any) -> Block:
    block: Block = {
        "type": "input",
        "block_id": question.block_id,
        "optional": not question.required,
        "label": plain(question.title, MAX_INPUT_LABEL),
        "element": _element(question, answer),
    }
    if question.description:
        block["hint"] = plain(question.description, MAX_INPUT_HINT)
    return block


def _element(question: Question, answer: Any) -> Block:
    kind = question.kind
    element: Block
    if kind in ("Score", "Boolean", "ValueSelect"):
        options = _options(question)
        inline_choices = kind != "ValueSelect" or len(options) <= MAX_INLINE_CHOICES
        element = {"type": "radio_buttons" if inline_choices else "static_select", "action_id": ANSWER}
        if not inline_choices:
            element["placeholder"] = plain("Choose one", MAX_PLACEHOLDER)
        element["options"] = options
        chosen = next((o for o in options if o["value"] == answer), None)
        if chosen is not None:
            element["initial_option"] = chosen
        return element
    if kind == "MultiValueSelect":
        options = _options(question)
        inline_choices = len(options) <= MAX_INLINE_CHOICES
        element = {"type": "checkboxes" if inline_choices else "multi_static_select", "action_id": ANSWER}
        if not inline_choices:
            element["placeholder"] = plain("Choose any", MAX_PLACEHOLDER)
        element["options"] = options
        picked = set(answer) if isinstance(answer, list) else set()
        chosen_many = [o for o in options if o["value"] in picked]
        if chosen_many:  # Slack refuses an empty initial_options
            element["initial_options"] = chosen_many
        return element
    if kind == "Number":
        element = {"type": "number_input", "action_id": ANSWER, "is_decimal_allowed": False}
        if isinstance(answer, str) and _INTEGER.fullmatch(answer.strip()):
            element["initial_value"] = answer.strip()
        return element
    if kind == "Date":
        element = {"type": "datepicker", "action_id": ANSWER, "placeholder": plain("Pick a date", MAX_PLACEHOLDER)}
        if isinstance(answer, str) and _iso_date(answer) is not None:
            element["initial_date"] = answer
        return element
    element_type = {"Email": "email_text_input", "Url": "url_text_input"}.get(kind, "plain_text_input")
    element = {"type": element_type, "action_id": ANSWER}
    if element_type == "plain_text_input":
        element["max_length"] = MAX_TEXT_INPUT
        if kind in ("LongText", "RichText"):
            element["multiline"] = True
    if isinstance(answer, str) and answer:
        element["initial_value"] = answer[:MAX_TEXT_INPUT]
    return element


def _options(question: Question) -> list[Block]:
    return [{"text": plain(label, MAX_OPTION_TEXT), "value": value} for value, label in _choices(question)]


def _choices(question: Question) -> list[tuple[str, str]]:
    """(option value Slack sends back, label) of a choice question."""
    if question.kind == "Score":
        labels = dict(question.choices)
        return [(s, f"{s} · {labels[s]}" if labels.get(s, s) != s else s) for s in SCORES]
    if question.kind == "Boolean":
        return [(YES, "Yes"), (NO, "No")]
    return [(_option_value(i, value), label) for i, (value, label) in enumerate(question.choices)]


def _option_value(position: int, value: str) -> str:
    """The Ashby value itself when Slack can carry it whole, else its position (``#3``)."""
    return value if len(value) <= MAX_OPTION_VALUE and not value.startswith("#") else f"#{position}"


def _ashby_value(question: Question, option_value: str) -> str | None:
    return next(
        (value for i, (value, _) in enumerate(question.choices) if _option_value(i, value) == option_value), None
    )


# -- the modal's other faces ---------------------------------------------------------------------------------


def notice_view(message: Message, *, title: str = "Submit feedback") -> dict[str, Any]:
    """A notice (a refusal, Ashby being down, ...) as a modal with only a Close button."""
    return _note(title, list(message.get("blocks") or []) or [section(escape(str(message.get("text") or "…")))])


def loading_view() -> dict[str, Any]:
    """Shown at once when getting the form takes longer than Slack lets a click wait."""
    return _note("Submit feedback", [section("⏳ Getting the scorecard from Ashby…")])


def sending_view() -> dict[str, Any]:
    """Shown while Ashby takes its time with a submission; replaced by the outcome."""
    return _note(
        "Submit feedback",
        [section("⏳ Sending your feedback to Ashby…"), context("This updates when Ashby answers.")],
    )


def thanks_view(
    about: About, *, at: datetime | None = None, now: datetime | None = None, tz: tzinfo = UTC
) -> dict[str, Any]:
    """After a successful submit; ``at`` (when it was submitted) is shown in the person's time zone."""
    who = inline(about.candidate, "the candidate")
    what = f" ({inline(about.interview)})" if one_line(about.interview) else ""
    blocks = [section(f"✅ *Thanks — submitted.* Your feedback on *{who}*{what} is in Ashby.")]
    if at is not None:
        blocks.append(context(f"Submitted {when(at, now=now or at, tz=tz)}"))
    return _note("Feedback sent", blocks, close="Done")


def ashby_only_view(
    about: About, reason: str, link: str | None, *, what_to_do: str = "Please fill it in in Ashby."
) -> dict[str, Any]:
    """A form Slack cannot hold (or feedback already in): why, and a link to the scorecard in Ashby instead
    of a broken modal."""
    blocks: list[Block] = [_about(about, ""), section(f"{escape(reason)} {escape(what_to_do)}")]
    open_it = button("Open the scorecard in Ashby", action_id=LINK, url=link) if linkable(link) else None
    if open_it is not None:
        blocks.append({"type": "actions", "elements": [open_it]})
    else:
        blocks.append(context("Open the interview in Ashby to submit its scorecard."))
    return _note("Submit feedback", blocks)


def _note(title: str, blocks: Sequence[Block], *, close: str = "Close") -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": NOTE_CALLBACK_ID,
        "title": plain(title, MAX_MODAL_TITLE),
        "close": plain(close, MAX_MODAL_BUTTON),
        "blocks": list(blocks)[:MAX_MODAL_BLOCKS],
    }


# -- the answers ---------------------------------------------------------------------------------------------


def read_answers(form: Form, values: Any) -> dict[str, Any]:
    """What was entered, by field path: a string (text, number, date, the chosen option's value) or a list
    of option values; questions left blank are absent. Unchecked: ``to_submissions`` checks. Also the draft
    a closed modal keeps, and what ``form_view`` pre-fills."""
    answers: dict[str, Any] = {}
    if not isinstance(values, Mapping):
        return answers
    for question in form.questions():
        entry = values.get(question.block_id)
        element = entry.get(ANSWER) if isinstance(entry, Mapping) else None
        if not isinstance(element, Mapping):
            continue
        answer = _answer_of(element)
        if answer not in (None, "", []):
            answers[question.path] = answer
    return answers


def anything_entered(values: Any) -> bool:
    """Whether Slack's ``view.state.values`` holds any answer at all (a draft worth keeping)."""
    if not isinstance(values, Mapping):
        return False
    return any(
        _answer_of(element) not in (None, "", [])
        for entry in values.values()
        if isinstance(entry, Mapping)
        for element in entry.values()
        if isinstance(element, Mapping)
    )


def _answer_of(element: Mapping[str, Any]) -> str | list[str] | None:
    if "selected_options" in element:
        chosen = element.get("selected_options")
        return [o["value"] for o in _list(chosen) if isinstance(o, Mapping) and isinstance(o.get("value"), str)]
    if "selected_option" in element:
        option = element.get("selected_option")
        value = option.get("value") if isinstance(option, Mapping) else None
        return value if isinstance(value, str) else None
    if "selected_date" in element:
        day = element.get("selected_date")
        return day if isinstance(day, str) else None
    value = element.get("value")
    return value if isinstance(value, str) else None


def to_submissions(form: Form, answers: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Ashby's ``fieldSubmissions`` (``[{"path", "value"}]``, in the form's order) for the answers, and the
    problems by input block id (what ``response_action: "errors"`` takes). Blank optional questions are left
    out; a question Slack could not ask is never sent."""
    submissions: list[dict[str, Any]] = []
    problems: dict[str, str] = {}
    for question in form.questions():
        if not question.askable:
            continue
        answer = answers.get(question.path)
        if _blank(answer):
            if question.required:
                problems[question.block_id] = "Please answer this question."
            continue
        value, problem = _value(question, answer)
        if problem is not None:
            problems[question.block_id] = problem
        else:
            submissions.append({"path": question.path, "value": value})
    return submissions, problems


def _blank(answer: Any) -> bool:
    return answer is None or answer == [] or (isinstance(answer, str) and not answer.strip())


def _value(question: Question, answer: Any) -> tuple[Any, str | None]:
    """One answer in the format Ashby takes for its field type, or why it cannot be sent."""
    kind = question.kind
    if kind in ("MultiValueSelect",):
        picked = answer if isinstance(answer, list) else [answer]
        values = [_ashby_value(question, v) if isinstance(v, str) else None for v in picked]
        if any(v is None for v in values):
            return None, "Choose from the options listed."
        return values, None
    if not isinstance(answer, str):
        return None, "Please answer this question."
    text = answer.strip()
    if kind == "Score":
        return ({"score": int(text)}, None) if text in SCORES else (None, "Choose a score from 1 to 4.")
    if kind == "ValueSelect":
        chosen = _ashby_value(question, text)
        return (chosen, None) if chosen is not None else (None, "Choose one of the options.")
    if kind == "Boolean":
        return (text == YES, None) if text in (YES, NO) else (None, "Choose Yes or No.")
    if kind == "Number":
        cleaned = text.replace(",", "").replace(" ", "")
        return (int(cleaned), None) if _INTEGER.fullmatch(cleaned) else (None, "Enter a whole number, like 3.")
    if kind == "Date":
        day = _iso_date(text)
        return (day.isoformat(), None) if day is not None else (None, "Enter a date as YYYY-MM-DD.")
    if kind == "Email":
        return (text, None) if _EMAIL.fullmatch(text) else (None, "Enter an email address, like name@example.com.")
    if kind == "Url":
        return (text, None) if _URL.fullmatch(text) else (None, "Enter a web address starting with https://.")
    if kind == "RichText":
        return {"type": "PlainText", "value": text}, None
    return text, None


def _iso_date(text: str) -> date | None:
    if not _DATE.fullmatch(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def question_named(form: Form, message: str, meta: Mapping[str, Any] | None = None) -> Question | None:
    """The question an Ashby refusal is about: the path its ``meta`` gives, else the longest of the form's
    paths its message names as a whole word; None when it names none."""
    for key in ("path", "fieldPath", "field"):
        value = (meta or {}).get(key)
        if isinstance(value, str) and (found := form.question(value)) is not None and found.askable:
            return found
    named = [
        q
        for q in form.questions()
        if q.askable and re.search(rf"(?<![\w.]){re.escape(q.path)}(?![\w.])", message or "")
    ]
    return max(named, key=lambda q: len(q.path), default=None)


def ashby_error_text(message: str) -> str:
    """Ashby's refusal as a field error (Slack shows it under the question)."""
    return truncate(f"Ashby: {one_line(message) or 'refused this answer'}", 300)
