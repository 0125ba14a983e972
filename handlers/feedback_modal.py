"""Submit feedback from Slack: the interview's scorecard as a modal, checked, and sent to Ashby once.

**Opening** (a ``SubmitFeedback(schedule_id, event_id)`` button on briefings, reminders, the feedback card
and the interviews list): Ashby's ``interviewBriefing.info`` says whose application the event is for, who
its interviewers are and whether each has submitted, and which feedback form to use (else the interview's
form from the cached interview definitions, else the organisation's default form); the form itself comes
from ``feedbackFormDefinition.info`` (kept five minutes). Only an interviewer of that event gets the form;
anyone else, someone who has already submitted, or a form Slack cannot hold gets a short modal saying so
(with Ashby's feedback link where it helps). A draft kept from a closed modal pre-fills the form. Slack's
trigger id lasts three seconds, so when Ashby is slow a loading modal opens first and is then updated.

**Submitting** (``view_submission``): the answers are checked here first (required questions, whole
numbers, dates, emails, choices that exist) and shown on their questions (``response_action: "errors"``);
then the submission is claimed in the shared store (``ashby.once``) under the interview event and the
interviewer, so a double submit, a retry or a second replica makes one ``applicationFeedback.submit``
call, with the form's paths and Ashby's value formats, credited to the presser on that event (``userId``
+ ``interviewEventId``). Ashby refusing an answer is shown on that question when Ashby names its path,
else above the form; Ashby down or busy is said in plain words, and the answers stay in the form. When
Ashby answers after Slack's three seconds, the modal says "sending" and is updated with the outcome. After
a success the draft is deleted, the scorecard index and the interview calendar learn of the submission at
once (so reminders stop), and the modal thanks the person.

**Closing** (``view_closed``, asked for with ``notify_on_close``): what was entered is kept as a draft for a
day, under the event and the Slack user. ``private_metadata`` carries ids only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from ashby import errors
from ashby import models as m
from ashby.once import Once
from ashby.queries import Recruiting
from ashby.store import Store, StoreError
from blocks import feedback_form as forms
from blocks import notices
from blocks.common import Message
from blocks.payloads import SubmitFeedback

from .answering.core import ashby_problem
from .answers import Answerer
from .identity import Asker

log = logging.getLogger(__name__)
audit = logging.getLogger("ashby.audit")

#: A click waits this long for the form before a loading modal opens (Slack's trigger id lasts 3 seconds).
OPEN_BUDGET = 1.5
#: A submission waits this long for Ashby before the modal says "sending" (Slack waits 3 seconds).
SUBMIT_BUDGET = 2.0
#: A second submit of the same feedback waits this long for the first one's outcome.
OUTCOME_WAIT = 1.5
DRAFT_TTL = 24 * 3600
#: A submission's outcome is remembered this long (a later Submit says it is done).
DONE_TTL = 7 * 24 * 3600
#: A claim whose holder died mid-call lapses after this; so does an outcome Ashby never confirmed.
RUNNING_TTL = 600
FORM_TTL = 300.0
#: A draft larger than this is not kept (a form's worth of long answers is far smaller).
MAX_DRAFT = 256_000
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")

AskerLookup = Callable[[], Awaitable[Asker]]


@dataclass(frozen=True, slots=True)
class Ref:
    """What the modal is for, as ids only: its ``private_metadata``."""

    schedule_id: str
    event_id: str
    application_id: str
    form_id: str

    def pack(self) -> str:
        data = {"s": self.schedule_id, "e": self.event_id, "a": self.application_id, "f": self.form_id}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def unpack(cls, raw: Any) -> Ref | None:
        try:
            data = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        ids = [data.get(k) for k in ("s", "e", "a", "f")]
        if not all(isinstance(i, str) and _ID.fullmatch(i) for i in ids):
            return None
        return cls(*ids)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Reply:
    """How a submission is answered: problems on the questions (``errors``, within Slack's three seconds),
    else ``view`` in place of the form. ``view`` is always set: it is what a late answer shows."""

    view: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def ack(self) -> dict[str, Any]:
        if self.errors:
            return {"response_action": "errors", "errors": dict(self.errors)}
        return {"response_action": "update", "view": self.view}


class FeedbackModal:
    def __init__(self, answerer: Answerer, store: Store, *, clock: Callable[[], datetime]) -> None:
        self.answerer = answerer
        self.store = store
        self.clock = clock
        self.once = Once(store, "feedback", running_ttl=RUNNING_TTL, wait=OUTCOME_WAIT)
        self.open_budget = OPEN_BUDGET
        self.submit_budget = SUBMIT_BUDGET
        self._forms: dict[str, tuple[float, dict[str, Any]]] = {}
        self._later: set[asyncio.Task[None]] = set()

    @property
    def recruiting(self) -> Recruiting:
        return self.answerer.recruiting

    # -- opening --------------------------------------------------------------------------------------------

    async def open(self, client: AsyncWebClient, trigger_id: str, payload: SubmitFeedback, asker: AskerLookup) -> None:
        """Open the modal for ``payload``'s interview (the form, or why not) with the click's trigger id."""
        work = asyncio.ensure_future(self.view_for(payload, asker))
        try:
            view = await asyncio.wait_for(asyncio.shield(work), self.open_budget)
        except TimeoutError:
            try:
                opened = await client.views_open(trigger_id=trigger_id, view=forms.loading_view())
            except BaseException:
                work.cancel()
                raise
            view_id = (opened.get("view") or {}).get("id")
            try:
                view = await work
            except Exception as exc:  # the loading modal must not stay up: say something went wrong
                log.error("the feedback modal failed to open: %s", type(exc).__name__, exc_info=exc)
                view = forms.notice_view(SORRY)
            await client.views_update(view_id=view_id, view=view)
            return
        await client.views_open(trigger_id=trigger_id, view=view)

    async def view_for(self, payload: SubmitFeedback, asker_lookup: AskerLookup) -> dict[str, Any]:
        """The modal a click on Submit feedback opens: the form, or a notice saying why not."""
        asker = await asker_lookup()
        if asker.viewer is None:
            return forms.notice_view(asker.no_access())
        try:
            return await self._view_for(payload, asker, asker.viewer.id)
        except errors.AshbyNotFoundError:
            return forms.notice_view(
                notices.notice("I couldn't find that interview in Ashby any more: it may have been cancelled.")
            )
        except errors.AshbyError as exc:
            log.warning("feedback modal: Ashby failed: %s request_id=%s", type(exc).__name__, exc.request_id)
            return forms.notice_view(ashby_problem(exc))

    async def _view_for(self, payload: SubmitFeedback, asker: Asker, user_id: str) -> dict[str, Any]:
        briefing = await self.recruiting.client.call(
            "interviewBriefing.info",
            {"interviewEventId": payload.event_id, "expand": ["candidate", "job", "interview"]},
        )
        if not isinstance(briefing, dict) or not _ID.fullmatch(str(briefing.get("applicationId") or "")):
            return forms.notice_view(notices.notice("Ashby's answer about this interview was incomplete. Try again."))
        application_id = str(briefing["applicationId"])
        about = _about_from(briefing)
        submitted = _interviewers(briefing)
        if user_id not in submitted:
            return forms.notice_view(ONLY_INTERVIEWERS)
        cached = self._cached_event(application_id, payload.event_id)
        if submitted[user_id] or await self._done(payload.event_id, user_id):
            link = await self._feedback_link(payload, cached)
            return forms.ashby_only_view(
                about, "You've already submitted feedback for this interview.", link, what_to_do=EDIT_IN_ASHBY
            )
        form_id = await self._form_id(briefing)
        if form_id is None:
            return forms.notice_view(
                notices.notice("This interview has no scorecard in Ashby, so there is nothing to fill in.")
            )
        form = forms.form_from(await self._form(form_id))
        why = forms.why_not_in_slack(form)
        if why is not None:
            return forms.ashby_only_view(about, why, await self._feedback_link(payload, cached))
        ref = Ref(payload.schedule_id, payload.event_id, application_id, form_id)
        draft = forms.read_answers(form, await self._draft(payload.event_id, asker.slack_user_id))
        return forms.form_view(form, about, metadata=ref.pack(), answers=draft, restored=bool(draft))

    async def _form_id(self, briefing: Mapping[str, Any]) -> str | None:
        """The form Ashby names for the event, else the interview's, else the organisation's default."""
        named = briefing.get("feedbackFormDefinitionId")
        if isinstance(named, str) and _ID.fullmatch(named):
            return named
        reference = self.recruiting.reference
        interview = (await reference.interviews()).get(str(briefing.get("interviewId") or ""))
        if interview is not None and interview.feedback_form_definition_id:
            return str(interview.feedback_form_definition_id)
        forms_by_id: dict[str, m.FeedbackFormDefinition] = await reference.feedback_forms()
        default = next((f for f in forms_by_id.values() if f.is_default_form and not f.is_archived), None)
        return default.id if default is not None else None

    async def _form(self, form_id: str) -> dict[str, Any]:
        """The form definition as Ashby sends it (``feedbackFormDefinition.info``), kept a few minutes."""
        now = time.monotonic()
        kept = self._forms.get(form_id)
        if kept is not None and kept[0] > now:
            return kept[1]
        raw = await self.recruiting.client.call("feedbackFormDefinition.info", {"feedbackFormDefinitionId": form_id})
        form = raw if isinstance(raw, dict) else {}
        self._forms[form_id] = (now + FORM_TTL, form)
        return form

    def _cached_event(self, application_id: str, event_id: str) -> tuple[m.InterviewSchedule, m.InterviewEvent] | None:
        for schedule, event in self.recruiting.calendar.for_application(application_id):
            if event.id == event_id:
                return schedule, event
        return None

    async def _feedback_link(
        self, payload: SubmitFeedback, cached: tuple[m.InterviewSchedule, m.InterviewEvent] | None
    ) -> str | None:
        """Ashby's feedback page for the event (from the calendar, else asked for), or None."""
        if cached is not None:
            return cached[1].feedback_link
        try:
            events = await self.recruiting.client.interview_events(payload.schedule_id)
        except errors.AshbyError:
            return None
        return next((e.feedback_link for e in events if e.id == payload.event_id), None)

    # -- submitting -----------------------------------------------------------------------------------------

    async def submit(self, client: AsyncWebClient, view: Mapping[str, Any], asker: AskerLookup) -> dict[str, Any]:
        """What to answer a ``view_submission`` with (``ack``'s arguments), within Slack's three seconds:
        when Ashby is slower, the modal says "sending" and is updated with the outcome once Ashby answers."""
        work = asyncio.ensure_future(self._submit(view, asker))
        try:
            reply = await asyncio.wait_for(asyncio.shield(work), self.submit_budget)
        except TimeoutError:
            view_id = view.get("id")
            task = asyncio.ensure_future(self._answer_late(client, work, view_id if isinstance(view_id, str) else None))
            self._later.add(task)
            task.add_done_callback(self._later.discard)
            return {"response_action": "update", "view": forms.sending_view()}
        return reply.ack()

    async def _answer_late(self, client: AsyncWebClient, work: asyncio.Future[Reply], view_id: str | None) -> None:
        try:
            reply = await work
        except Exception as exc:
            log.error("feedback submission failed: %s", type(exc).__name__, exc_info=exc)
            reply = Reply(view=forms.notice_view(SORRY))
        if view_id is None:
            return
        try:
            await client.views_update(view_id=view_id, view=reply.view)
        except Exception as exc:  # the person closed the modal meanwhile
            log.info("could not show a feedback submission's outcome: %s", type(exc).__name__)

    async def _submit(self, view: Mapping[str, Any], asker_lookup: AskerLookup) -> Reply:
        ref = Ref.unpack(view.get("private_metadata"))
        if ref is None:
            return Reply(
                view=forms.notice_view(notices.notice("This form is out of date. Press Submit feedback again."))
            )
        asker = await asker_lookup()
        if asker.viewer is None:
            return Reply(view=forms.notice_view(asker.no_access()))
        values = _values(view)
        try:
            form = forms.form_from(await self._form(ref.form_id))
        except errors.AshbyError as exc:
            await self._keep_draft(ref.event_id, asker.slack_user_id, values)
            return Reply(view=forms.notice_view(ashby_problem(exc)))
        about = await self._about_for(ref)
        answers = forms.read_answers(form, values)

        def again(problem: Message) -> dict[str, Any]:
            return forms.form_view(form, about, metadata=ref.pack(), answers=answers, problem=problem)

        submissions, problems = forms.to_submissions(form, answers)
        if problems:
            return Reply(view=again(notices.notice("Some answers need a look; see below.")), errors=problems)
        cached = self._cached_event(ref.application_id, ref.event_id)
        if cached is not None and not asker.viewer.interviews_in(cached[1]):
            return Reply(view=forms.notice_view(ONLY_INTERVIEWERS))
        key = _key(ref.event_id, asker.viewer.id)
        try:
            done = await self.once.outcome(key)
            if done is None and not await self.once.claim(key, asker.slack_user_id):
                # Someone (a double submit, a retry, another replica) is sending it: show what came of it.
                done = await self.once.wait(key)
                if done is None:
                    return Reply(view=forms.notice_view(BEING_SENT))
        except StoreError:
            return Reply(view=again(NOT_ONCE))
        if done is not None:
            return self._outcome_reply(done, about, asker)
        return await self._send(ref, form, about, submissions, asker, key, again, values)

    async def _send(
        self,
        ref: Ref,
        form: forms.Form,
        about: forms.About,
        submissions: list[dict[str, Any]],
        asker: Asker,
        key: str,
        again: Callable[[Message], dict[str, Any]],
        values: Any,
    ) -> Reply:
        """Call Ashby once (the claim is held) and say what came of it."""
        viewer = asker.required_viewer()
        try:
            result = await self.recruiting.client.application_feedback_submit(
                ref.application_id,
                ref.form_id,
                submissions,
                user_id=viewer.id,
                interview_event_id=ref.event_id,
            )
        except errors.AshbyError as exc:
            _audit(False, asker, ref, exc.request_id)
            return await self._refused(exc, ref, form, asker, key, again, values)
        except Exception as exc:  # unexpected: Ashby may have it, so it is never sent again from here blindly
            log.error("a feedback submission failed unexpectedly: %s", type(exc).__name__)
            await self._unconfirmed(key, ref, asker, values)
            return Reply(view=forms.notice_view(UNCONFIRMED))
        _audit(True, asker, ref, None)
        at = self.clock()
        record = {"ok": True, "at": at.isoformat()}
        try:
            await self.once.record(key, record, keep_for=DONE_TTL)
        except StoreError as exc:  # Ashby has it; the briefing says so from now on anyway
            log.warning("could not record a feedback submission: %s", type(exc).__name__)
        await self._forget_draft(ref.event_id, asker.slack_user_id)
        self._learn(ref, viewer.id, submissions, result, at)
        return self._outcome_reply(record, about, asker)

    async def _refused(
        self,
        exc: errors.AshbyError,
        ref: Ref,
        form: forms.Form,
        asker: Asker,
        key: str,
        again: Callable[[Message], dict[str, Any]],
        values: Any,
    ) -> Reply:
        if not _safe_to_retry(exc):  # it reached Ashby and we don't know what Ashby did with it
            await self._unconfirmed(key, ref, asker, values)
            return Reply(view=forms.notice_view(UNCONFIRMED))
        await self.once.release(key)
        if isinstance(exc, errors.AshbyAPIError) and not isinstance(
            exc, errors.AshbyAuthError | errors.AshbyRateLimitError | errors.AshbyNotFoundError
        ):
            question = forms.question_named(form, exc.message, exc.meta)
            refusal = notices.notice(
                f"Ashby didn't accept this feedback: {exc.message}",
                hint="Nothing was submitted. Fix it and submit again.",
            )
            if question is not None:
                return Reply(view=again(refusal), errors={question.block_id: forms.ashby_error_text(exc.message)})
            return Reply(view=again(refusal))
        if isinstance(exc, errors.AshbyNotFoundError):
            return Reply(
                view=forms.notice_view(
                    notices.notice(f"Ashby couldn't find this interview any more ({exc.code}). Nothing was submitted.")
                )
            )
        return Reply(view=again(ashby_problem(exc)))

    async def _unconfirmed(self, key: str, ref: Ref, asker: Asker, values: Any) -> None:
        """Ashby may or may not have the submission: keep the answers, and for a while refuse to send again
        (the briefing says whether Ashby has it once the person looks again)."""
        await self._keep_draft(ref.event_id, asker.slack_user_id, values)
        try:
            await self.once.record(key, {"ok": False, "unconfirmed": True}, keep_for=RUNNING_TTL)
        except StoreError as exc:
            log.warning("could not record an unconfirmed feedback submission: %s", type(exc).__name__)

    def _outcome_reply(self, done: Mapping[str, Any], about: forms.About, asker: Asker) -> Reply:
        if not done.get("ok"):
            return Reply(view=forms.notice_view(UNCONFIRMED))
        return Reply(view=forms.thanks_view(about, at=_when(done.get("at")), now=self.clock(), tz=asker.tz))

    def _learn(self, ref: Ref, user_id: str, submissions: list[dict[str, Any]], result: Any, at: datetime) -> None:
        """The scorecard index and the interview calendar hear of the submission now, not at the next pass,
        so reminders stop at once; the cached feedback of the application is dropped."""
        instance = result.get("submittedFormInstance") if isinstance(result, dict) else None
        instance = instance if isinstance(instance, dict) else {}
        values = instance.get("submittedValues")
        if not isinstance(values, dict):
            values = {item["path"]: item["value"] for item in submissions}
        raw: dict[str, Any] = {
            "id": str(instance.get("id") or f"slack-{ref.event_id}-{user_id}"),
            "applicationId": ref.application_id,
            "submittedByUser": {"id": user_id},
            "interviewEventId": ref.event_id,
            "feedbackFormDefinitionId": ref.form_id,
            "submittedValues": values,
            "submittedAt": at.isoformat(),
        }
        if isinstance(instance.get("formDefinition"), dict):
            raw["formDefinition"] = instance["formDefinition"]
        try:
            scorecards = self.recruiting.scorecards
            if scorecards is not None:
                scorecards.record(raw)
            cached = self._cached_event(ref.application_id, ref.event_id)
            if cached is not None and not cached[1].has_submitted_feedback:
                schedule = cached[0].model_copy(deep=True)
                for event in schedule.interview_events:
                    if event.id == ref.event_id:
                        event.has_submitted_feedback = True
                self.recruiting.calendar.apply_webhook(schedule.model_dump(mode="json", by_alias=True))
            self.recruiting.forget(application_id=ref.application_id)
        except Exception as exc:  # the next pass brings it
            log.warning("could not note a feedback submission locally: %s", type(exc).__name__)

    async def _about_for(self, ref: Ref) -> forms.About:
        """Who and what the form is about, from the caches (no Ashby call when they know)."""
        index = self.answerer.index
        indexed = index.application(ref.application_id)
        candidate = index.get(indexed.candidate_id) if indexed is not None else None
        job_title = interview_title = ""
        try:
            job = await self.recruiting.reference.job(indexed.job_id) if indexed and indexed.job_id else None
            job_title = job.title if job is not None else ""
            cached = self._cached_event(ref.application_id, ref.event_id)
            if cached is not None and cached[1].interview is not None:
                interview_title = cached[1].interview.title
            elif cached is not None and cached[1].interview_id:
                known = (await self.recruiting.reference.interviews()).get(cached[1].interview_id)
                interview_title = known.title if known is not None else ""
        except errors.AshbyError:
            pass
        return forms.About(candidate=candidate.name if candidate else "", job=job_title, interview=interview_title)

    # -- drafts ---------------------------------------------------------------------------------------------

    async def closed(self, view: Mapping[str, Any], slack_user_id: str) -> None:
        """The modal was closed: keep what was entered for a day (nothing entered: forget the draft)."""
        ref = Ref.unpack(view.get("private_metadata"))
        if ref is None:
            return
        values = _values(view)
        if forms.anything_entered(values):
            await self._keep_draft(ref.event_id, slack_user_id, values)
        else:
            await self._forget_draft(ref.event_id, slack_user_id)

    async def _draft(self, event_id: str, slack_user_id: str) -> Any:
        try:
            raw = await self.store.get(_draft_key(event_id, slack_user_id))
            return json.loads(raw) if raw else None
        except (StoreError, ValueError) as exc:
            log.info("no feedback draft: %s", type(exc).__name__)
            return None

    async def _keep_draft(self, event_id: str, slack_user_id: str, values: Any) -> None:
        if not forms.anything_entered(values):
            return
        text = json.dumps(values, separators=(",", ":"))
        if len(text) > MAX_DRAFT:
            log.info("a feedback draft too large to keep")
            return
        try:
            await self.store.set(_draft_key(event_id, slack_user_id), text, ttl=DRAFT_TTL)
        except StoreError as exc:
            log.warning("could not keep a feedback draft: %s", type(exc).__name__)

    async def _forget_draft(self, event_id: str, slack_user_id: str) -> None:
        try:
            await self.store.delete(_draft_key(event_id, slack_user_id))
        except StoreError as exc:  # it expires by itself
            log.info("could not forget a feedback draft: %s", type(exc).__name__)

    async def _done(self, event_id: str, user_id: str) -> bool:
        try:
            done = await self.once.outcome(_key(event_id, user_id))
        except StoreError:
            return False
        return bool(done and done.get("ok"))


ONLY_INTERVIEWERS = notices.not_allowed(
    "Only the interviewers on this interview can submit its feedback, each for themselves."
)
EDIT_IN_ASHBY = "To change it, open it in Ashby."
BEING_SENT = notices.notice("Your feedback is already on its way to Ashby. Check the interview in a moment.")
NOT_ONCE = notices.notice(
    "I can't make sure this is sent only once right now, so I didn't send it.",
    hint="Please try again in a minute. Your answers are still here.",
)
UNCONFIRMED = notices.ashby_unavailable(
    "Ashby didn't confirm your feedback, so it may or may not have arrived.",
    "Check the interview in Ashby before submitting again. I've kept your answers for a day.",
)
SORRY = notices.notice(
    "Something went wrong on my side. If you were submitting, check the interview in Ashby before trying again."
)


def _key(event_id: str, user_id: str) -> str:
    return f"{event_id}:{user_id}"


def _draft_key(event_id: str, slack_user_id: str) -> str:
    return f"feedback-draft:{event_id}:{slack_user_id}"


def _values(view: Mapping[str, Any]) -> Any:
    """Slack's ``view.state.values`` (what was entered), or None when the view carries none."""
    state = view.get("state")
    return state.get("values") if isinstance(state, Mapping) else None


def _interviewers(briefing: Mapping[str, Any]) -> dict[str, bool]:
    """Each interviewer's user id, with whether they have submitted feedback for the event."""
    found: dict[str, bool] = {}
    for entry in briefing.get("interviewers") or []:
        if isinstance(entry, dict) and isinstance(entry.get("userId"), str):
            found[entry["userId"]] = entry.get("hasSubmittedFeedback") is True
    return found


def _about_from(briefing: Mapping[str, Any]) -> forms.About:
    def title(key: str, field_name: str) -> str:
        value = briefing.get(key)
        text = value.get(field_name) if isinstance(value, dict) else None
        return text if isinstance(text, str) else ""

    return forms.About(
        candidate=title("candidate", "name"), job=title("job", "title"), interview=title("interview", "title")
    )


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _safe_to_retry(exc: errors.AshbyError) -> bool:
    """Whether Ashby provably did nothing (as ``ashby.actions`` decides for writes)."""
    if isinstance(exc, errors.AshbyTransportError):
        return not exc.reached_server
    return not isinstance(exc, errors.AshbyResponseError)


def _audit(ok: bool, asker: Asker, ref: Ref, request_id: str | None) -> None:
    viewer = asker.viewer
    audit.info(
        "action=feedback ok=%s slack_user=%s ashby_user=%s application=%s event=%s form=%s request_id=%s",
        ok,
        asker.slack_user_id,
        viewer.id if viewer else None,
        ref.application_id,
        ref.event_id,
        ref.form_id,
        request_id,
    )
