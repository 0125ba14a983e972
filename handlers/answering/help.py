"""The help card: what the bot can answer, with an example of each; also the reply to a question not placed.

Its own module so the list of examples, which changes with every new kind of answer, sits in one place.
"""

from __future__ import annotations

from ashby.views import Help
from blocks import help as help_blocks

from ..intents import Intent
from .core import Answer, Place, to

EXAMPLES = (
    ("/ashby jane doe", "a candidate's card: applications, stage, days in stage, interviews, feedback"),
    ("/ashby job REQ-1042", "a job's pipeline: active candidates per stage, longest waiting"),
    ("/ashby jobs", "open jobs with active candidates, by department"),
    ("/ashby interviews today me", "interviews today / tomorrow / this week, for you, @someone or a candidate"),
    ("/ashby feedback alex kim", "scorecards and who still owes feedback"),
    ("/ashby offers pending", "offers and where their approvals stand"),
    ("/ashby stale backend", "active candidates who have waited longest in their stage"),
    (
        "@Ashby who's the recruiter for Jane Doe?",
        "ask in your own words in a channel (I answer in a thread), a DM or /ashby",
    ),
    (
        "@Ashby how many are in onsite for the backend role?",
        "stages, counts, interviews, feedback, offers: the fact first",
    ),
)


def help_answer(intent: Intent, place: Place) -> Answer:
    note = None
    if intent.kind == "unknown":
        note = "I couldn't place that question. Here is what I can do:"
    elif intent.suggestions:
        note = "Not sure what you meant. Did you mean one of these?"
    message = help_blocks.help_card(Help(examples=EXAMPLES, note=note, suggestions=intent.suggestions))
    return to(place, message, safe=True)
