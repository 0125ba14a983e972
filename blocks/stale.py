"""Candidates stuck longest in their stage: the list a recruiter works through to unblock people."""

from __future__ import annotations

from collections.abc import Sequence

from ashby.views import StaleEntry
from blocks.common import (
    Block,
    Message,
    and_more,
    button_for,
    context,
    days_phrase,
    escape,
    header,
    inline,
    job_title,
    message,
    one_line,
    plural,
    section,
    take,
    whole_days,
)
from blocks.limits import MAX_BLOCKS
from blocks.payloads import OpenCandidate

# A longer list stops being a to-do list; the count of the rest is enough.
_MAX_ROWS = 25


def stale_card(entries: Sequence[StaleEntry], *, title: str) -> Message:
    """Longest waits first, each with a ``ashby_candidate`` button to open the candidate."""
    heading = escape(one_line(title) or "Stale candidates")
    blocks: list[Block] = [header(title, "Stale candidates")]
    if not entries:
        blocks.append(section("🎉 Nobody is stuck — every candidate has moved recently."))
        return message(f"{heading}: nobody is stuck.", blocks)
    ordered = sorted(entries, key=lambda entry: whole_days(entry.days_in_stage) or 0, reverse=True)
    items = [[_row(entry)] for entry in ordered[:_MAX_ROWS]]
    blocks += take(items, MAX_BLOCKS - len(blocks), lambda n: context(and_more(n, "candidates")), total=len(ordered))
    longest = ordered[0]
    fallback = (
        f"{heading}: {plural(len(ordered), 'candidate')}; longest "
        f"{inline(longest.candidate_name, 'unnamed')} ({days_phrase(longest.days_in_stage)} in "
        f"{inline(longest.stage_title, 'their stage')})"
    )
    return message(fallback, blocks)


def _row(entry: StaleEntry) -> Block:
    days = whole_days(entry.days_in_stage) or 0
    mark = "🔴" if days >= 30 else "🟠" if days >= 14 else "🟡"
    candidate = inline(entry.candidate_name, "Unnamed candidate")
    waited = f"{mark} {days_phrase(entry.days_in_stage)} in *{inline(entry.stage_title, 'their stage')}*"
    text = f"*{candidate}* · {waited}\n{job_title(entry.job)}"
    return section(text, accessory=button_for("Candidate", OpenCandidate(entry.candidate_id)))
