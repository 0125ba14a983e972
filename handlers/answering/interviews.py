"""Interview answers: a day or period's interviews for the asker, another interviewer or a candidate.

Its own module because it alone turns "today", "next week" or "thursday" into a window in the asker's time
zone, and alone strips meeting and scorecard links from what a channel sees.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from ashby.access import Viewer
from blocks import facts, notices
from blocks import interviews as interview_blocks

from ..identity import Asker
from ..intents import Intent
from .core import PRIVATE, Answer, Place, Sources, confidential_here, privately, to
from .finding import CandidateFinder

#: A candidate's interviews, when no day was named: what the interview calendar keeps around today.
INTERVIEWS_PAST, INTERVIEWS_AHEAD = timedelta(days=14), timedelta(days=60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class InterviewAnswers:
    def __init__(self, sources: Sources, finder: CandidateFinder) -> None:
        self.recruiting = sources.recruiting
        self.index = sources.index
        self.clock = sources.clock
        self.finder = finder

    async def answer(self, intent: Intent, asker: Asker, viewer: Viewer, place: Place) -> Answer:
        start, end, label = self.window(intent.when, asker)
        interviewer_id = candidate_id = None
        whose = ""
        if intent.user_id:
            people = await self.recruiting.reference.users()
            person = people.get(intent.user_id)
            interviewer_id, whose = intent.user_id, f"Interviews for {person.name if person else 'them'}"
        elif intent.who == "me":
            interviewer_id, whose = viewer.id, "Your interviews"
        elif intent.who:
            other = await place.lookup_slack_user(intent.who) if place.lookup_slack_user else None
            if other is None or other.viewer is None:
                return Answer(
                    private=notices.notice(
                        f"<@{intent.who}> isn't linked to an Ashby user, so I can't show their interviews."
                    )
                )
            interviewer_id, whose = other.viewer.id, f"Interviews for {other.viewer.user.name}"
        elif intent.query:
            chosen = await self.finder.resolve(intent.query, viewer, place)
            if isinstance(chosen, Answer):
                return chosen
            candidate_id = chosen
        public = place.surface == "public"
        views = await self.recruiting.interviews(
            start,
            end,
            viewer,
            interviewer_id=interviewer_id,
            candidate_id=candidate_id,
            include_confidential=not public,
        )
        if candidate_id and views:
            whose = f"Interviews for {views[0].candidate_name}"
        if public:  # meeting and scorecard links are for the people in the interview, not the channel
            views = [dataclasses.replace(view, meeting_link=None, feedback_link=None) for view in views]
        title = f"{whose or 'Interviews'} {label}"
        message = interview_blocks.interviews_card(views, title=title, now=self.clock(), tz=asker.tz)
        subject = "You" if whose == "Your interviews" else whose.removeprefix("Interviews for ") or "There"
        if subject == "There":
            sentence = f"{len(views)} interview{'s' if len(views) != 1 else ''} {label}."
        else:
            sentence = facts.interview_count(len(views), subject, label)
        return to(place, facts.first(sentence, message), safe=True)

    async def of_candidate(self, candidate_id: str, asker: Asker, place: Place, when: str | None) -> Answer:
        """A known candidate's interviews (on the day or period ``when``), sentence first."""
        viewer = asker.required_viewer()
        found = await self.recruiting.lookup(candidate_id, viewer)  # NotVisible when the asker may not see them
        if await confidential_here(self.recruiting, found, place):
            return privately(await self.of_candidate(candidate_id, asker, PRIVATE, when))
        if when:
            start, end, label = self.window(when, asker)
        else:
            now = self.clock()
            start, end, label = now - INTERVIEWS_PAST, now + INTERVIEWS_AHEAD, "in the last two weeks and coming up"
        public = place.surface == "public"
        views = await self.recruiting.interviews(
            start, end, viewer, candidate_id=candidate_id, include_confidential=not public
        )
        if public:
            views = [dataclasses.replace(view, meeting_link=None, feedback_link=None) for view in views]
        entry = self.index.get(candidate_id)
        name = views[0].candidate_name if views else (entry.name if entry else "This candidate")
        message = interview_blocks.interviews_card(views, title=f"Interviews for {name}", now=self.clock(), tz=asker.tz)
        return to(place, facts.first(facts.interviews(name, views, label), message), safe=True)

    def window(self, when: str | None, asker: Asker) -> tuple[datetime, datetime, str]:
        """The day or period asked about, in the asker's time zone; today when none was named."""
        local_now = self.clock().astimezone(asker.tz)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        if when == "tomorrow":
            return midnight + timedelta(days=1), midnight + timedelta(days=2), "tomorrow"
        if when == "week":
            return midnight, midnight + timedelta(days=7), "in the next 7 days"
        if when == "next_week":
            monday = midnight + timedelta(days=7 - midnight.weekday())
            return monday, monday + timedelta(days=7), "next week"
        if when in WEEKDAYS:
            ahead = (WEEKDAYS.index(when) - midnight.weekday()) % 7
            day = midnight + timedelta(days=ahead)
            return day, day + timedelta(days=1), "today" if ahead == 0 else f"on {day:%A}"
        return midnight, midnight + timedelta(days=1), "today"
