"""Button payloads: each packs into a value Slack accepts and unpacks to itself; anything else is refused."""

import re
from pathlib import Path

import pytest

from blocks import payloads as p
from blocks.limits import MAX_BUTTON_VALUE, MAX_ID

ID = "6f60ae4f-0d90-53eb-a781-613df648a3a5"
EXAMPLES = [
    p.OpenCandidate(ID),
    p.OpenPipeline(ID),
    p.OpenFeedback(ID),
    p.AnswerAbout('{"kind":"candidate","fact":"stage"}', ID),
    p.AskedBack('{"kind":"candidate","query":"jane doe","fact":"tags"}'),
    p.Share("candidate", ID),
    p.Share("pipeline", ID),
    p.Share("jobs"),
    p.CardAction("move", ID),
    p.CardAction("tag", ID),
    p.Confirm("a1b2c3"),
    p.Cancel("a1b2c3"),
    p.Cancel("d4e5f6", draft=True),
    *(choice("a1b2c3", ID) for choice in p.CHOICES),
    p.ChooseTemplate("a1b2c3", p.NO_EMAIL),
    p.Approve(ID, ID, ID),
]


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda x: type(x).__name__)
def test_round_trip(payload: p.Payload) -> None:
    value = payload.pack()
    assert 0 < len(value) <= MAX_BUTTON_VALUE
    assert type(payload).unpack(value) == payload


def test_action_ids_are_distinct_and_short() -> None:
    ids = [payload.ACTION for payload in p.ALL]
    assert len(ids) == len(set(ids)) and all(len(i) <= MAX_ID for i in ids)


@pytest.mark.parametrize(
    ("payload", "value"),
    [
        (p.OpenCandidate, ""),
        (p.OpenCandidate, "../../etc"),
        (p.OpenCandidate, "x" * 65),
        (p.AnswerAbout, "stage:"),
        (p.AnswerAbout, '{"kind":"candidate"}|'),
        (p.Share, "candidate:"),
        (p.Share, "secrets:x"),
        (p.CardAction, "drop:abc"),
        (p.Cancel, "draft:"),
        (p.ChooseStage, "abc"),
        (p.ChooseStage, "abc:d e"),
        (p.Approve, "a:b"),
        (p.Approve, "a:b:c:d"),
    ],
)
def test_tampered_values_are_refused(payload: type[p.Payload], value: str) -> None:
    assert payload.unpack(value) is None


def test_a_value_too_long_for_slack_is_never_packed() -> None:
    with pytest.raises(ValueError):
        p.AskedBack("x" * (MAX_BUTTON_VALUE + 1)).pack()


def test_action_ids_are_written_only_in_payloads() -> None:
    """Builders and listeners name buttons through the payload types, never as string literals."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("blocks", "handlers", "bot")
        for path in (root / folder).rglob("*.py")
        if path.name != "payloads.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r'"ashby_[a-z_]+"', line) and "ashby_unavailable" not in line
    ]
    assert not offenders, offenders
