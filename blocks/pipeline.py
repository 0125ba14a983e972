"""A job's pipeline: how many candidates sit in each stage, and who has waited longest."""

from __future__ import annotations

from collections.abc import Sequence

from ashby.views import PipelineStage, PipelineView, WaitingCandidate
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    context,
    days_short,
    display_width,
    escape,
    fit_lines,
    header,
    inline,
    job_title,
    message,
    name,
    one_line,
    open_in_ashby,
    pad,
    plural,
    section,
    share,
)
from blocks.limits import MAX_SECTION_TEXT
from blocks.payloads import Share

_BAR = "▇"
_BAR_WIDTH = 16
_NAME_WIDTH = 22
_FENCE = "```"
_MAX_WAITING = 3
_MAX_LISTED = 30


def pipeline_card(view: PipelineView, *, share_value: Share | None) -> Message:
    """Stages in plan order as a bar chart, then the longest waits per stage and the hiring team."""
    job = view.job
    blocks: list[Block] = [header(f"{one_line(job.title) or 'Untitled job'}{' 🔒' if job.confidential else ''}")]
    facts = [inline(job.requisition_id), inline(job.department), inline(job.location)]
    blocks.append(context(" · ".join(f for f in facts if f), f"*{plural(view.active_total, 'active candidate')}*"))
    if view.stages:
        blocks.append(section(chart(view.stages)))
    else:
        blocks.append(section("_This job has no interview plan stages yet._"))
    # One stage ("who's in onsite?") lists everyone in it; the whole pipeline, the few longest waits per stage.
    single = len(view.stages) == 1
    limit = _MAX_LISTED if single else _MAX_WAITING
    waiting = [_waiting_line(stage, limit) for stage in view.stages if stage.count and stage.longest_waiting]
    if waiting:
        title = "*Longest waiting first*" if single else "*Waiting longest*"
        blocks.append(section(fit_lines([title, *waiting], MAX_SECTION_TEXT)))
    if view.hiring_team:
        blocks.append(context(f"👥 {_team(view)}"))
    blocks += actions(open_in_ashby(job.url), share(share_value))
    fallback = f"Pipeline for {job_title(job)}: {plural(view.active_total, 'active candidate')}"
    return message(fallback, blocks)


def chart(stages: Sequence[PipelineStage]) -> str:
    """A monospace bar chart in a code block, bars scaled to the largest stage; empty stages show "·".

    Lines are dropped (never cut) past Slack's limit, so the closing fence always survives.
    """
    largest = max(stage.count for stage in stages)
    width = min(_NAME_WIDTH, max(display_width(_plain(stage.title)) for stage in stages))
    lines = []
    for stage in stages:
        bar = _BAR * max(1, round(stage.count * _BAR_WIDTH / largest)) if stage.count > 0 else "·"
        lines.append(escape(f"{pad(_plain(stage.title), width)} {bar} {stage.count}"))
    room = MAX_SECTION_TEXT - 2 * (len(_FENCE) + 1)
    return f"{_FENCE}\n{fit_lines(lines, room, lambda n: and_more(n, 'stages'))}\n{_FENCE}"


def _plain(title: str) -> str:
    """A stage title for the code block, where a backtick could close the block early."""
    return one_line(title).replace("`", "'") or "Untitled stage"


def _waiting_line(stage: PipelineStage, limit: int) -> str:
    """A stage's longest waits, oldest first ("*Onsite:* Jane Doe 6d, Li Wei 4d")."""
    oldest = sorted(stage.longest_waiting, key=_waited, reverse=True)[:limit]
    people = ", ".join(f"{inline(w.candidate_name, 'Unnamed')} {days_short(w.days_in_stage)}".rstrip() for w in oldest)
    return f"*{inline(stage.title, 'Untitled stage')}:* {people}"


def _waited(candidate: WaitingCandidate) -> float:
    return candidate.days_in_stage if candidate.days_in_stage is not None else -1.0


def _team(view: PipelineView) -> str:
    """The hiring team by role ("Recruiter: Li Wei, Sam Ortiz"), roles in the order they first appear."""
    roles: dict[str, list[str]] = {}
    for role, person in view.hiring_team:
        roles.setdefault(one_line(role) or "Team", []).append(name(person))
    return " · ".join(f"{escape(role)}: {', '.join(people)}" for role, people in roles.items())


def stage_across_jobs(stage_title: str, rows: Sequence[tuple[str, Sequence[str]]]) -> Message:
    """Who is in one stage in each job ("who's in onsite?" with no job named), longest untouched first."""
    lines = [
        f"*{inline(title)}* ({len(names)}): "
        + ", ".join(inline(n) for n in names[:_MAX_LISTED])
        + (f", {and_more(len(names) - _MAX_LISTED)}" if len(names) > _MAX_LISTED else "")
        for title, names in rows
        if names
    ]
    blocks: list[Block] = [header(f"{one_line(stage_title)} across jobs", "Stage")]
    blocks.append(section(fit_lines(lines, MAX_SECTION_TEXT) if lines else "_Nobody is in that stage._"))
    return message(f"{stage_title} across jobs", blocks)
