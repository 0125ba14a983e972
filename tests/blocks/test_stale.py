"""Candidates stuck longest in their stage."""

from blocks import stale_card
from blocks.limits import validate_message
from tests.blocks.factories import action_ids, elements, job, shown, stale


def test_longest_first_with_days_stage_and_job() -> None:
    msg = stale_card([stale("Sam Ortiz", 3), stale("Li Wei", 45.8), stale()], title="Longest in their stage")
    assert validate_message(msg) == []
    text = shown(msg)
    assert text.index("Li Wei") < text.index("Jane Doe") < text.index("Sam Ortiz")
    assert "*Li Wei* · 🔴 45 days in *Onsite*\nSenior Backend Engineer" in text
    assert "🟠 23 days" in text
    assert "🟡 3 days" in text
    assert msg["text"] == "Longest in their stage: 3 candidates; longest Li Wei (45 days in Onsite)"


def test_a_candidate_button_each() -> None:
    msg = stale_card([stale(), stale("Li Wei", 9)], title="Stale")
    assert action_ids(msg) == ["ashby_candidate", "ashby_candidate"]
    assert [e["value"] for e in elements(msg)] == ["cand-jane-doe", "cand-li-wei"]


def test_confidential_jobs_marked_and_text_escaped() -> None:
    text = shown(stale_card([stale("<Jane>", job=job("R&D", confidential=True))], title="Stale"))
    assert "&lt;Jane&gt;" in text
    assert "R&amp;D 🔒" in text


def test_nobody_stuck() -> None:
    msg = stale_card([], title="Longest in their stage")
    assert "Nobody is stuck" in shown(msg)
    assert validate_message(msg) == []


def test_long_lists_end_with_a_count() -> None:
    msg = stale_card([stale(f"C{i}", i) for i in range(400)], title="Stale")
    assert validate_message(msg) == []
    assert msg["blocks"][-1]["elements"][0]["text"] == "…and 375 more candidates"
