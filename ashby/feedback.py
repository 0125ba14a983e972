"""Scorecards read for recruiters: the latest recommendation, who has submitted, and the feedback card.

Recommendations and submitters come from the scorecard index once it is loaded (no Ashby call), else from
the application's own scorecards; reading a submission needs its form, so the form definitions are fetched
only for submissions that do not embed theirs. Candidate cards and interview lists ask this module, so the
rule for "who has submitted" is written once.
"""

from __future__ import annotations

from datetime import datetime

from . import models as m
from .access import Viewer
from .forms import Verdict, read, verdict
from .records import NotVisible, Records, neg_time, person
from .views import FeedbackEntry, FeedbackView, OwedFeedback, Person, Recommendation, Score


class Feedback:
    """Recommendations, submitted scorecards and the feedback card, over the shared records."""

    def __init__(self, records: Records) -> None:
        self.records = records

    async def latest_recommendation(self, application_id: str) -> Recommendation | None:
        """From the scorecard index when it is loaded (no call); else from the application's scorecards."""
        people = await self.records.people()
        if self.records.scorecards is None or not self.records.scorecards.ready.is_set():
            submissions = await self.records.feedback_of(application_id)
            return _latest_of(submissions, await self._forms_of(submissions), people)
        scored = [c for c in self.records.scorecards.of(application_id) if c.recommendation is not None]
        if not scored:
            return None
        latest = max(scored, key=lambda c: c.submitted_at.timestamp() if c.submitted_at else 0.0)
        assert latest.recommendation is not None
        by = person(latest.submitted_by, None, None, people) if latest.submitted_by else None
        return _recommendation_view(latest.recommendation, by, latest.submitted_at)

    async def _forms_of(self, submissions: list[m.FeedbackSubmission]) -> dict[str, m.FormDefinition]:
        """Form definitions by form id for submissions that do not embed theirs (the cached list, asked
        for only then)."""
        if all(s.form_definition is not None for s in submissions):
            return {}
        forms = await self.records.reference.feedback_forms()
        return {form_id: form.form_definition for form_id, form in forms.items() if form.form_definition}

    async def submitted_feedback(self, application_id: str, event: m.InterviewEvent) -> set[str]:
        """Ids of the interviewers who have submitted feedback for ``event``.

        The event only says whether *anyone* has; who exactly comes from the application's scorecards,
        fetched only when it matters (someone has, and there is more than one interviewer).
        """
        if not event.has_submitted_feedback:
            return set()
        if len(event.interviewers) == 1:
            return {event.interviewers[0].id}
        if self.records.scorecards is not None and self.records.scorecards.ready.is_set():
            return {
                c.submitted_by
                for c in self.records.scorecards.of(application_id)
                if c.submitted_by is not None and c.interview_event_id == event.id
            }
        return {
            s.submitted_by_user.id
            for s in await self.records.feedback_of(application_id)
            if s.submitted_by_user is not None and s.interview_event_id == event.id
        }

    async def feedback(self, candidate_id: str, viewer: Viewer) -> FeedbackView:
        """Scorecards on the candidate's most relevant application, with interviewers still to submit."""
        found = await self.records.lookup(candidate_id, viewer)
        if not found.applications:
            raise NotVisible(candidate_id)
        app = found.applications[0]
        submissions = await self.records.feedback_of(app.id)
        people = await self.records.people()
        forms = await self._forms_of(submissions)
        # Which interview each scorecard is for (definitions cached for an hour).
        interviews = await self.records.reference.interviews() if submissions else {}
        entries = tuple(
            sorted(
                (_feedback_entry(s, forms, people, _title(interviews, s.interview_id)) for s in submissions),
                key=lambda e: neg_time(e.submitted_at),
            )
        )
        pending: dict[str, Person] = {}
        yours: list[tuple[m.InterviewSchedule, m.InterviewEvent]] = []  # what the viewer still owes
        now = self.records.clock()
        for schedule, event in self.records.calendar.for_application(app.id):
            if event.end_time <= now:
                submitted = await self.submitted_feedback(app.id, event)
                for i in event.interviewers:
                    if i.id not in submitted and (i.is_feedback_required is not False):
                        pending[i.id] = person(i.id, i.name, i.email, people)
                        if i.id == viewer.id:
                            yours.append((schedule, event))
        if yours and not interviews:
            interviews = await self.records.reference.interviews()
        owed = tuple(
            OwedFeedback(
                s.id, e.id, e.interview.title if e.interview else _title(interviews, e.interview_id), e.end_time
            )
            for s, e in yours
        )
        return FeedbackView(
            candidate_id=found.candidate.id,
            candidate_name=found.candidate.name,
            application_id=app.id,
            job=await self.records.job_view(app.job.id, fallback_title=app.job.title),
            entries=entries,
            pending=tuple(pending.values()),
            owed_by_viewer=owed,
        )


# -- helpers --------------------------------------------------------------------------------------------


def _form_of(submission: m.FeedbackSubmission, forms: dict[str, m.FormDefinition]) -> m.FormDefinition | None:
    """The definition the submission was made with, else its form's current one."""
    return submission.form_definition or forms.get(submission.feedback_form_definition_id or "")


def _recommendation_view(found: Verdict, by: Person | None, at: datetime | None) -> Recommendation:
    return Recommendation(score=found.score, label=found.label, by=by, at=at)


def _author(submission: m.FeedbackSubmission, people: dict[str, m.User]) -> Person | None:
    by = submission.submitted_by_user
    return person(by.id, by.name, by.email, people) if by else None


def _latest_of(
    submissions: list[m.FeedbackSubmission], forms: dict[str, m.FormDefinition], people: dict[str, m.User]
) -> Recommendation | None:
    for submission in sorted(submissions, key=lambda s: neg_time(s.submitted_at)):
        found = verdict(_form_of(submission, forms), submission.submitted_values)
        if found is not None:
            return _recommendation_view(found, _author(submission, people), submission.submitted_at)
    return None


def _title(interviews: dict[str, m.Interview], interview_id: str | None) -> str | None:
    interview = interviews.get(interview_id or "")
    return interview.title if interview is not None else None


def _feedback_entry(
    submission: m.FeedbackSubmission,
    forms: dict[str, m.FormDefinition],
    people: dict[str, m.User],
    interview_title: str | None,
) -> FeedbackEntry:
    reading = read(_form_of(submission, forms), submission.submitted_values)
    author = _author(submission, people)
    return FeedbackEntry(
        id=submission.id,
        author=author,
        submitted_at=submission.submitted_at,
        interview_title=interview_title,
        recommendation=_recommendation_view(reading.verdict, author, submission.submitted_at)
        if reading.verdict
        else None,
        scores=tuple(Score(title=title, score=score) for title, score in reading.scores),
        text=reading.answers,
    )
