"""A job's pipeline: a bar chart of stages and who has waited longest."""

from typing import Any

from blocks import pipeline_card
from blocks.limits import MAX_SECTION_TEXT, validate_message
from blocks.payloads import Share
from tests.blocks.factories import action_ids, elements, job, person, pipeline, shown, stage, waiting


def chart(msg: dict[str, Any]) -> str:
    texts: list[str] = [b["text"]["text"] for b in msg["blocks"] if "text" in b]
    return next(text for text in texts if text.startswith("```"))


def chart_lines(msg: dict[str, Any]) -> list[str]:
    return chart(msg).strip("`\n").splitlines()


def test_headline_facts() -> None:
    msg = pipeline_card(pipeline(), share_value=Share("pipeline", "job-1"))
    assert validate_message(msg) == []
    assert msg["blocks"][0]["text"]["text"] == "Senior Backend Engineer"
    text = shown(msg)
    for fact in (
        "REQ-1042 · Engineering · Berlin",
        "39 active candidates",
        "Hiring Manager: Morgan Lee",
        "Recruiter: Ana Ruiz",
    ):
        assert fact in text
    assert msg["text"] == "Pipeline for Senior Backend Engineer: 39 active candidates"


def test_bar_chart_in_plan_order_scaled_to_the_largest_stage() -> None:
    lines = chart_lines(pipeline_card(pipeline(), share_value=None))
    assert lines == [
        "Application Review ▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇▇ 24",
        "Recruiter Screen   ▇▇▇▇▇▇▇▇ 12",
        "Onsite             ▇▇ 3",
        "Offer              · 0",
    ]


def test_longest_waiting_per_stage_oldest_first() -> None:
    text = shown(pipeline_card(pipeline(), share_value=None))
    assert "*Onsite:* Jane Doe 6d, Li Wei 4d" in text
    assert "*Recruiter Screen:* Sam Ortiz 9d" in text


def test_buttons() -> None:
    msg = pipeline_card(pipeline(), share_value=Share("pipeline", "job-1"))
    assert action_ids(msg) == ["ashby_link", "ashby_share"]
    assert elements(msg)[0]["url"] == "https://app.ashbyhq.com/jobs/job-1"
    assert action_ids(pipeline_card(pipeline(job=job(url=None)), share_value=None)) == []


def test_confidential_job_is_marked() -> None:
    msg = pipeline_card(pipeline(job=job(confidential=True)), share_value=None)
    assert msg["blocks"][0]["text"]["text"] == "Senior Backend Engineer 🔒"


def test_forty_stages_and_backticks_keep_the_code_block_closed() -> None:
    stages = tuple(stage(f"Stage ```{i}``` " + "x" * 60, i * 7, longest_waiting=(waiting(),)) for i in range(40))
    msg = pipeline_card(pipeline(stages=stages), share_value=None)
    assert validate_message(msg) == []
    lines = chart_lines(msg)
    assert len(lines) == 40
    assert all("`" not in line for line in lines)
    assert "· 0" in lines[0]
    assert lines[-1].endswith("▇" * 16 + " 273")


def test_huge_plans_are_cut_by_whole_lines() -> None:
    stages = tuple(stage(f"Stage {i}", i) for i in range(400))
    msg = pipeline_card(pipeline(stages=stages), share_value=None)
    assert validate_message(msg) == []
    chart = next(b["text"]["text"] for b in msg["blocks"] if b.get("text", {}).get("text", "").startswith("```"))
    assert len(chart) <= MAX_SECTION_TEXT
    assert chart.endswith("more stages\n```")


def test_special_characters_are_escaped_in_the_chart() -> None:
    msg = pipeline_card(pipeline(stages=(stage("Tech <Screen> & Co", 3),)), share_value=None)
    assert "Tech &lt;Screen&gt; &amp; Co ▇" in shown(msg)


def test_empty_plan_and_team() -> None:
    msg = pipeline_card(pipeline(stages=(), hiring_team=()), share_value=None)
    assert "no interview plan stages" in shown(msg)
    assert "0 active candidates" in msg["text"]
    assert validate_message(msg) == []


def test_team_roles_are_grouped() -> None:
    team = (
        ("Recruiter", person("Ana Ruiz")),
        ("Hiring Manager", person("Morgan Lee")),
        ("Recruiter", person("Li Wei")),
    )
    assert "Recruiter: Ana Ruiz, Li Wei · Hiring Manager: Morgan Lee" in shown(
        pipeline_card(pipeline(hiring_team=team), share_value=None)
    )


def test_a_stage_across_jobs_names_who_is_there_within_limits() -> None:
    from blocks.limits import validate_message
    from blocks.pipeline import stage_across_jobs

    rows = [("Senior Backend Engineer", [f"Person {i}" for i in range(400)]), ("Product Designer", ["Ana *Bold*"])]
    card = stage_across_jobs("Onsite", rows)
    assert validate_message(card) == []
    shown = str(card["blocks"])
    assert "Senior Backend Engineer* (400): Person 0, Person 1" in shown and "more" in shown
    assert stage_across_jobs("Onsite", [])["blocks"][-1]["text"]["text"] == "_Nobody is in that stage._"
