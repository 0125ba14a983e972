"""Each scorecard on the feedback card names the interview it is for (from the interview calendar)."""

from ashby.client import AshbyClient
from ashby.sandbox import Sandbox

from .support import candidate_id, loaded_recruiting, viewer


async def test_scorecards_name_their_interview(ashby: AshbyClient, sandbox: Sandbox) -> None:
    recruiting = await loaded_recruiting(ashby, sandbox)
    jane = await candidate_id(ashby, "jane.doe@example.com")
    view = await recruiting.feedback(jane, await viewer(recruiting))
    titled = [entry.interview_title for entry in view.entries if entry.interview_title]
    assert titled and "Onsite" in titled, [(e.author, e.interview_title) for e in view.entries]
