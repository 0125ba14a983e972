"""Open jobs by department, each with a way to its pipeline."""

from ashby.views import JobsOverview
from blocks import jobs_overview
from blocks.limits import MAX_SELECT_OPTIONS, validate_message
from blocks.payloads import Share
from tests.blocks.factories import action_ids, elements, job_count, overview, shown


def many_jobs(departments: int, per_department: int) -> JobsOverview:
    return JobsOverview(
        groups=tuple(
            (
                f"Dept {d}",
                tuple(job_count(f"Job {d}-{j}", j, id=f"job-{d}-{j}") for j in range(per_department)),
            )
            for d in range(departments)
        )
    )


def test_jobs_by_department_with_counts_and_locks() -> None:
    msg = jobs_overview(overview(), share_value=Share("jobs"))
    assert validate_message(msg) == []
    text = shown(msg)
    assert "3 open jobs" in text
    assert "24 active candidates" in text
    assert "🔒 1 confidential" in text
    assert text.index("*Engineering*") < text.index("Senior Backend Engineer") < text.index("*Sales*")
    assert "Frontend Engineer 🔒* — 7 active candidates" in text
    assert msg["text"] == "3 open jobs, 24 active candidates"


def test_a_pipeline_button_per_job_when_few() -> None:
    msg = jobs_overview(overview(), share_value=Share("jobs"))
    assert action_ids(msg) == ["ashby_pipeline"] * 3 + ["ashby_share"]
    assert [e["value"] for e in elements(msg)] == ["job-1", "job-2", "job-3", "jobs"]


def test_a_menu_when_many() -> None:
    msg = jobs_overview(many_jobs(3, 10), share_value=None)
    assert validate_message(msg) == []
    (menu,) = elements(msg)
    assert menu["type"] == "static_select"
    assert menu["action_id"] == "ashby_pipeline"
    assert [g["label"]["text"] for g in menu["option_groups"]] == ["Dept 0", "Dept 1", "Dept 2"]
    assert menu["option_groups"][1]["options"][0] == {
        "text": {"type": "plain_text", "text": "Job 1-0", "emoji": True},
        "value": "job-1-0",
    }
    assert "• Job 2-9 — 9" in shown(msg)


def test_menu_for_one_department_is_flat_and_capped() -> None:
    msg = jobs_overview(many_jobs(1, 150), share_value=Share("jobs"))
    assert validate_message(msg) == []
    menu = next(e for e in elements(msg) if e["type"] == "static_select")
    assert len(menu["options"]) == MAX_SELECT_OPTIONS
    assert "The menu lists the first 100 jobs." in shown(msg)


def test_hundreds_of_departments() -> None:
    msg = jobs_overview(many_jobs(300, 2), share_value=Share("jobs"))
    assert validate_message(msg) == []
    assert "more departments" in shown(msg)
    assert msg["blocks"][-1]["type"] == "actions"
    menu = next(e for e in elements(msg) if e["type"] == "static_select")
    assert sum(len(g["options"]) for g in menu["option_groups"]) == MAX_SELECT_OPTIONS


def test_no_open_jobs() -> None:
    msg = jobs_overview(JobsOverview(groups=()), share_value=None)
    assert "No open jobs" in shown(msg)
    assert validate_message(msg) == []


def test_names_are_escaped() -> None:
    view = JobsOverview(groups=(("R&D <Labs>", (job_count("C++ <Core>", 1),)),))
    text = shown(jobs_overview(view, share_value=None))
    assert "R&amp;D &lt;Labs&gt;" in text
    assert "C++ &lt;Core&gt;" in text
