"""Open jobs by department with their active candidate counts, each a click away from its pipeline."""

from __future__ import annotations

from collections.abc import Sequence

from ashby.views import JobCount, JobsOverview
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    context,
    fit_lines,
    header,
    inline,
    job_title,
    message,
    one_line,
    plain,
    plural,
    section,
    share,
    take,
)
from blocks.limits import (
    MAX_BLOCKS,
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_PLACEHOLDER,
    MAX_SECTION_TEXT,
    MAX_SELECT_OPTIONS,
)
from blocks.payloads import OpenPipeline, Share

# Up to this many jobs each get a row with its own Pipeline button; beyond it the card switches to one
# compact list per department and a menu, which stays readable and within Slack's 50 blocks.
_BUTTON_ROWS = 20
_NO_DEPARTMENT = "Other"


def jobs_overview(view: JobsOverview, *, share_value: Share | None) -> Message:
    """Open jobs by department; "Pipeline" buttons, or a menu when there are many (``OpenPipeline``)."""
    groups = [(one_line(dept) or _NO_DEPARTMENT, jobs) for dept, jobs in view.groups if jobs]
    counts = [count for _, jobs in groups for count in jobs]
    active = sum(count.active for count in counts)
    confidential = sum(count.job.confidential for count in counts)
    fallback = f"{plural(len(counts), 'open job')}, {plural(active, 'active candidate')}"
    blocks: list[Block] = [header("Open jobs")]
    if not counts:
        blocks.append(section("_No open jobs right now._"))
        return message("No open jobs right now.", [*blocks, *actions(share(share_value))])
    blocks.append(
        context(
            f"*{plural(len(counts), 'open job')}* · *{plural(active, 'active candidate')}*",
            f"🔒 {confidential} confidential" if confidential else "",
        )
    )
    if len(counts) <= _BUTTON_ROWS:
        for dept, jobs in groups:
            blocks.append(section(f"*{inline(dept)}* · {plural(len(jobs), 'job')}"))
            blocks += [_job_row(count) for count in jobs]
        blocks += actions(share(share_value))
    else:
        tail = actions(_menu(groups), share(share_value))
        many = len(counts) > MAX_SELECT_OPTIONS
        menu_note = [context(f"The menu lists the first {MAX_SELECT_OPTIONS} jobs.")] if many else []
        budget = MAX_BLOCKS - len(blocks) - len(tail) - len(menu_note)
        items = [[_department(dept, jobs)] for dept, jobs in groups]
        blocks += take(items, budget, lambda n: context(and_more(n, "departments")))
        blocks += menu_note + tail
    return message(fallback, blocks)


def _job_row(count: JobCount) -> Block:
    job = count.job
    where = " · ".join(part for part in (inline(job.location), inline(job.requisition_id)) if part)
    text = f"*{job_title(job)}* — {plural(count.active, 'active candidate')}" + (f"\n{where}" if where else "")
    return section(text, accessory=button_for("Pipeline", OpenPipeline(job.id)))


def _department(dept: str, jobs: Sequence[JobCount]) -> Block:
    title = f"*{inline(dept)}* · {plural(len(jobs), 'job')}, {sum(c.active for c in jobs)} active"
    lines = [f"• {job_title(c.job)} — {c.active}" for c in jobs]
    return section(fit_lines([title, *lines], MAX_SECTION_TEXT))


def _menu(groups: Sequence[tuple[str, Sequence[JobCount]]]) -> Block | None:
    """A select of the jobs (``OpenPipeline``; the value is the job id), grouped by department."""
    option_groups = []
    room = MAX_SELECT_OPTIONS
    for dept, jobs in groups:
        options = [
            {
                "text": plain(("🔒 " if c.job.confidential else "") + c.job.title, MAX_OPTION_TEXT),
                "value": c.job.id,
            }
            for c in jobs
            if 0 < len(c.job.id) <= MAX_OPTION_VALUE
        ][:room]
        if options:
            option_groups.append({"label": plain(dept, MAX_OPTION_TEXT), "options": options})
            room -= len(options)
        if not room:
            break
    if not option_groups:
        return None
    menu: Block = {
        "type": "static_select",
        "action_id": OpenPipeline.ACTION,
        "placeholder": plain("Open a pipeline…", MAX_PLACEHOLDER),
    }
    if len(option_groups) == 1:
        menu["options"] = option_groups[0]["options"]
    else:
        menu["option_groups"] = option_groups
    return menu
