"""Reading a scorecard through its form definition.

Ashby forms are configured per organisation: the overall recommendation may be a Score (1-4) or a
ValueSelect ("strong_hire" labelled "Strong Hire") at whatever path the form gives it. So it is found by
its field's type and title, never by a fixed path, and every other answer is rendered by its field's type.
Pure functions: the callers fetch the forms and the submissions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import models as m

SCALE_LABELS = {1: "Strong No Hire", 2: "No Hire", 3: "Hire", 4: "Strong Hire"}
RECOMMENDATION_TYPES = frozenset({"Score", "ValueSelect"})
#: Words in a field's title that mark the overall recommendation, the surest first.
RECOMMENDATION_WORDS = ("recommend", "verdict", "decision", "overall")
#: Where a ValueSelect's wording sits on the 1-4 scale, by normalised label or value.
SCALE_WORDS = {
    "strong no hire": 1,
    "strong no": 1,
    "no hire": 2,
    "no": 2,
    "hire": 3,
    "yes": 3,
    "strong hire": 4,
    "strong yes": 4,
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """An overall recommendation as the form words it; ``score`` places it on the 1-4 scale when the
    wording allows (a form may offer choices such as "Advance" that have no place on it)."""

    label: str
    score: int | None


@dataclass(frozen=True, slots=True)
class Reading:
    """One submission read through its form: the verdict, the Score answers and every other answer as text."""

    verdict: Verdict | None
    scores: tuple[tuple[str, int | None], ...]  # (title, 1-4)
    answers: tuple[tuple[str, str], ...]  # (title, answer)


def read(form: m.FormDefinition | None, values: Mapping[str, Any]) -> Reading:
    """All of a submission, in the form's order; answers to fields the form no longer has come last."""
    fields = _fields(form, values)
    chosen = recommendation_field(fields)
    scores: list[tuple[str, int | None]] = []
    answers: list[tuple[str, str]] = []
    for field in fields:
        value = values.get(field.path)
        if field is chosen or value is None:
            continue
        if field.type == "Score":
            scores.append((field.title, score_of(value)))
        elif text := render(field, value):
            answers.append((field.title, text))
    return Reading(
        verdict=_verdict(chosen, values.get(chosen.path)) if chosen else None,
        scores=tuple(scores),
        answers=tuple(answers),
    )


def verdict(form: m.FormDefinition | None, values: Mapping[str, Any]) -> Verdict | None:
    """Only the overall recommendation (what the scorecard index keeps)."""
    chosen = recommendation_field(_fields(form, values))
    return _verdict(chosen, values.get(chosen.path)) if chosen else None


def recommendation_field(fields: list[m.FormField]) -> m.FormField | None:
    """The Score or ValueSelect field whose title (else path) names a recommendation; the surest word wins,
    then the earlier field."""
    best: tuple[int, int, m.FormField] | None = None
    for position, field in enumerate(fields):
        if field.type not in RECOMMENDATION_TYPES:
            continue
        rank = _rank(field.title) if field.title else None
        if rank is None:
            rank = _rank(f"{field.human_readable_path or ''} {field.path}")
        if rank is not None and (best is None or (rank, position) < best[:2]):
            best = (rank, position, field)
    return best[2] if best else None


def render(field: m.FormField, value: Any) -> str:
    """A non-Score answer as text by its field's type; empty when there is nothing to show."""
    kind = field.type
    if kind == "ValueSelect":
        return _label(field, value)
    if kind == "MultiValueSelect" and isinstance(value, list):
        return ", ".join(label for v in value if (label := _label(field, v)))
    if kind == "Boolean" and isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Mapping):  # RichText {"type": "PlainText", "value": ...}, UUID {"value": ...}
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    if kind == "Number" and isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def score_of(value: Any) -> int | None:
    """A Score answer, sent as ``{"score": 3}`` or a bare number."""
    if isinstance(value, Mapping):
        value = value.get("score")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 1 <= value <= 4:
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return score_of(int(value))
    return None


def scale_of(wording: str) -> int | None:
    """Where "Strong Hire", "strong_no", "Yes" ... sit on the 1-4 scale; None for other wording."""
    return SCALE_WORDS.get(_words(wording))


def _verdict(field: m.FormField, value: Any) -> Verdict | None:
    if field.type == "Score":
        score = score_of(value)
        if score is None:
            return None
        return Verdict(label=_listed(field, str(score)) or SCALE_LABELS[score], score=score)
    label = _label(field, value)
    if not label:
        return None
    return Verdict(label=label, score=scale_of(label) or scale_of(str(value)))


def _label(field: m.FormField, value: Any) -> str:
    """The label the form gives a choice; a value it does not list (an option removed since) in words."""
    if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
        return ""
    return _listed(field, str(value)) or str(value).replace("_", " ").strip().title()


def _listed(field: m.FormField, value: str) -> str | None:
    return next((v.label for v in field.selectable_values if v.value == value), None)


def _fields(form: m.FormDefinition | None, values: Mapping[str, Any]) -> list[m.FormField]:
    """The form's fields, then a guessed one for each answer the form does not describe."""
    fields = form.fields() if form else []
    known = {field.path for field in fields}
    return fields + [_guess(path, value) for path, value in values.items() if path not in known]


def _guess(path: str, value: Any) -> m.FormField:
    kind = "String"
    if isinstance(value, bool):
        kind = "Boolean"
    elif isinstance(value, list):
        kind = "MultiValueSelect"
    elif score_of(value) is not None and not isinstance(value, str):
        kind = "Score"
    elif isinstance(value, Mapping):
        kind = "RichText"
    title = path.removeprefix("_systemfield_").strip("_").replace("_", " ").capitalize()
    return m.FormField(type=kind, path=path, title=title)


def _rank(text: str) -> int | None:
    folded = text.casefold()
    return next((n for n, word in enumerate(RECOMMENDATION_WORDS) if word in folded), None)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
