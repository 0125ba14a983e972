"""A modal the bot opened, filled in as a person would (the demo's ``fill 2 Strong yes``, then ``submit``).

Reads the view's input blocks in order, takes typed answers for them (an option by number or by the start of
its label, several options comma-separated, text, numbers, dates as YYYY-MM-DD), and writes Slack's
``view.state.values`` for the ``view_submission`` the local Slack then sends. Nothing here talks to the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_CHOOSE_ONE = ("static_select", "radio_buttons")
_CHOOSE_MANY = ("multi_static_select", "checkboxes")


@dataclass(frozen=True, slots=True)
class Field:
    number: int
    block_id: str
    action_id: str
    kind: str
    label: str
    optional: bool
    options: tuple[tuple[str, str], ...] = ()


@dataclass
class ModalForm:
    view: dict[str, Any]
    fields: list[Field] = field(default_factory=list)
    values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for block in self.view.get("blocks", []):
            element = block.get("element") if block.get("type") == "input" else None
            if not isinstance(element, dict):
                continue
            options = tuple(
                (str(o.get("text", {}).get("text", "")), str(o.get("value", ""))) for o in element.get("options", [])
            )
            self.fields.append(
                Field(
                    number=len(self.fields) + 1,
                    block_id=str(block.get("block_id", "")),
                    action_id=str(element.get("action_id", "")),
                    kind=str(element.get("type", "")),
                    label=str(block.get("label", {}).get("text", "")),
                    optional=block.get("optional") is True,
                    options=options,
                )
            )
            self._initial(self.fields[-1], element)

    @property
    def callback_id(self) -> str:
        return str(self.view.get("callback_id", ""))

    @property
    def private_metadata(self) -> str:
        return str(self.view.get("private_metadata", ""))

    def fill(self, number: int, answer: str) -> None:
        """Answer field ``number``; raises KeyError (no such field) or ValueError (not an answer it takes)."""
        found = next((f for f in self.fields if f.number == number), None)
        if found is None:
            raise KeyError(number)
        answer = answer.strip()
        if found.kind in _CHOOSE_ONE:
            self._set(found, {"selected_option": _option(found, answer)})
        elif found.kind in _CHOOSE_MANY:
            chosen = [_option(found, part.strip()) for part in answer.split(",") if part.strip()]
            self._set(found, {"selected_options": chosen})
        elif found.kind == "datepicker":
            self._set(found, {"selected_date": answer})
        else:  # plain_text_input, number_input, and anything typed
            self._set(found, {"value": answer})

    def _initial(self, found: Field, element: dict[str, Any]) -> None:
        """A restored draft shows as initial values; they are what Slack would submit untouched."""
        if "initial_option" in element:
            self._set(found, {"selected_option": element["initial_option"]})
        elif "initial_options" in element:
            self._set(found, {"selected_options": element["initial_options"]})
        elif "initial_date" in element:
            self._set(found, {"selected_date": element["initial_date"]})
        elif "initial_value" in element:
            self._set(found, {"value": element["initial_value"]})

    def _set(self, found: Field, value: dict[str, Any]) -> None:
        self.values.setdefault(found.block_id, {})[found.action_id] = {"type": found.kind, **value}

    def state(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``view.state.values``: every field, answered or not (Slack sends empty ones too)."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for f in self.fields:
            empty: dict[str, Any] = {"type": f.kind}
            if f.kind in _CHOOSE_ONE:
                empty["selected_option"] = None
            elif f.kind in _CHOOSE_MANY:
                empty["selected_options"] = []
            elif f.kind == "datepicker":
                empty["selected_date"] = None
            else:
                empty["value"] = None
            out.setdefault(f.block_id, {})[f.action_id] = self.values.get(f.block_id, {}).get(f.action_id, empty)
        return out


def _option(found: Field, answer: str) -> dict[str, Any]:
    if answer.isdigit() and 1 <= int(answer) <= len(found.options):
        label, value = found.options[int(answer) - 1]
    else:
        wanted = answer.casefold()
        match = next((o for o in found.options if o[0].casefold().startswith(wanted)), None)
        if match is None:
            raise ValueError(f"{found.label!r} has no option {answer!r}")
        label, value = match
    return {"text": {"type": "plain_text", "text": label}, "value": value}
