"""Interview feedback for one application: recommendations and scores, free text only for the asker."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, tzinfo

from ashby.views import FeedbackEntry, FeedbackView, OwedFeedback
from blocks.common import (
    Block,
    Message,
    actions,
    and_more,
    button_for,
    context,
    escape,
    fit_lines,
    header,
    inline,
    job_title,
    local,
    message,
    name,
    names,
    one_line,
    plural,
    recommendation,
    scale,
    section,
    take,
    when,
)
from blocks.limits import MAX_BLOCKS, MAX_SECTION_TEXT, truncate
from blocks.payloads import OpenCandidate, OpenPipeline, SubmitFeedback

# An answer longer than this is a document; the card shows the start and Ashby has the rest.
_MAX_ANSWER = 600
#: Scorecards the asker owes on one application, each with its button (more is unusual; Ashby lists them all).
_MAX_OWED = 5


def feedback_card(view: FeedbackView, *, now: datetime, tz: tzinfo, show_text: bool) -> Message:
    """Who recommended what, with scores; written answers (the most sensitive part) only if ``show_text``."""
    candidate = one_line(view.candidate_name) or "Unnamed candidate"
    blocks: list[Block] = [header(f"Feedback · {candidate}")]
    entries = sorted(view.entries, key=_newest_first)
    blocks.append(
        context(
            job_title(view.job),
            f"{plural(len(entries), 'submission')}" + (f" · {len(view.pending)} pending" if view.pending else ""),
            _tally(entries),
        )
    )
    if view.pending:
        blocks.append(section(f"⏳ Still waiting on: {names(view.pending, limit=10, notify=True)}"))
    if show_text:  # the asker's own scorecards to write: a button each (never on a card shown in a channel)
        blocks += [_owed(owed, now=now, tz=tz) for owed in view.owed_by_viewer[:_MAX_OWED]]
    tail = actions(
        button_for("Candidate card", OpenCandidate(view.candidate_id)),
        button_for("Pipeline", OpenPipeline(view.job.id)),
    )
    if entries:
        items = [_entry(entry, now=now, tz=tz, show_text=show_text) for entry in entries]
        budget = MAX_BLOCKS - len(blocks) - len(tail)
        blocks += take(items, budget, lambda n: context(and_more(n, "submissions")))
    else:
        blocks.append(section("_No feedback submitted yet._"))
    blocks += tail
    fallback = (
        f"Feedback for {escape(candidate)} ({escape(one_line(view.job.title) or 'Untitled job')}): "
        f"{len(entries)} submitted, {len(view.pending)} pending"
    )
    return message(fallback, blocks)


def _owed(owed: OwedFeedback, *, now: datetime, tz: tzinfo) -> Block:
    """One scorecard the asker owes, with Submit feedback (the modal with its form)."""
    what = inline(owed.interview_title, "this interview")
    submit = button_for("Submit feedback", SubmitFeedback(owed.schedule_id, owed.event_id), style="primary")
    return section(f"📝 Your scorecard for *{what}* (ended {when(owed.ended_at, now=now, tz=tz)})", accessory=submit)


def _newest_first(entry: FeedbackEntry) -> tuple[bool, float]:
    """Newest first; undated submissions last."""
    if entry.submitted_at is None:
        return (True, 0.0)
    return (False, -local(entry.submitted_at, UTC).timestamp())


def _tally(entries: list[FeedbackEntry]) -> str:
    """Counts per recommendation ("2 Strong Hire · 1 No Hire"): the overall picture before the details."""
    labels = Counter((e.recommendation.score, one_line(e.recommendation.label)) for e in entries if e.recommendation)
    ordered = sorted(labels.items(), key=lambda item: -(item[0][0] or 0))
    return " · ".join(f"{count} {inline(label, 'unlabelled')}" for (_, label), count in ordered)


def _entry(entry: FeedbackEntry, *, now: datetime, tz: tzinfo, show_text: bool) -> list[Block]:
    """A submission as one section, plus one for the written answers when they may be shown."""
    about = [f"*{name(entry.author, 'Unknown interviewer')}*"]
    if one_line(entry.interview_title):
        about.append(inline(entry.interview_title))
    if entry.submitted_at is not None:
        about.append(when(entry.submitted_at, now=now, tz=tz))
    lines = [" · ".join(about)]
    if entry.recommendation is not None:
        lines.append(recommendation(entry.recommendation, by=False))
    else:
        lines.append("_No overall recommendation_")
    lines += [_score(score.title, score.score, score.max_score) for score in entry.scores]
    blocks = [section(fit_lines(lines, MAX_SECTION_TEXT))]
    if show_text and entry.text:
        answers = [
            f"*{inline(question, 'Answer')}*\n{_quote(answer)}" for question, answer in entry.text if answer.strip()
        ]
        if answers:
            blocks.append(section(fit_lines(answers, MAX_SECTION_TEXT)))
    return blocks


def _score(title: str, score: int | None, out_of: int) -> str:
    label = inline(title, "Score")
    if score is None:
        return f"• {label}: —"
    return f"• {label}: {scale(score, out_of)} {score}/{out_of}"


def _quote(answer: str) -> str:
    """An answer as a block quote, kept short; each line quoted so multi-paragraph answers stay indented."""
    text = truncate(answer.strip(), _MAX_ANSWER)
    return "\n".join(f"> {escape(line)}" for line in text.splitlines() if line.strip())
