"""Building a ``Recruiting`` the way the bot does, over a sandbox served on loopback HTTP."""

from dataclasses import dataclass
from datetime import UTC, datetime

from ashby.access import Viewer
from ashby.calendar import InterviewCalendar
from ashby.client import AshbyClient
from ashby.index import CandidateIndex
from ashby.index_sync import IndexSync
from ashby.queries import Recruiting
from ashby.reference import ReferenceData
from ashby.sandbox import Sandbox
from ashby.scorecards import ScorecardIndex


@dataclass
class Loaded:
    recruiting: Recruiting
    index_sync: IndexSync


async def loaded(ashby: AshbyClient, sandbox: Sandbox, *, index_ready: bool = True) -> Loaded:
    """Every index and cache loaded, as once the bot has started; with ``index_ready`` false the candidate
    index has not finished its first pass."""

    def clock() -> datetime:
        return datetime.fromtimestamp(sandbox.clock.now_ms() / 1000, UTC)

    reference = ReferenceData(ashby)
    index = CandidateIndex()
    index_sync = IndexSync(ashby, index)
    if index_ready:
        await index_sync.run_once()
    calendar = InterviewCalendar(ashby, clock=clock)
    await calendar.refresh()
    scorecards = ScorecardIndex(ashby, forms=reference.feedback_forms)
    await scorecards.refresh()
    await reference.warm()
    recruiting = Recruiting(ashby, reference, calendar, clock=clock, index=index, scorecards=scorecards)
    return Loaded(recruiting, index_sync)


async def loaded_recruiting(ashby: AshbyClient, sandbox: Sandbox) -> Recruiting:
    return (await loaded(ashby, sandbox)).recruiting


async def viewer(recruiting: Recruiting, email: str = "morgan.lee@acme.example") -> Viewer:
    users = await recruiting.reference.users()
    return Viewer(next(u for u in users.values() if u.email == email))


async def candidate_id(ashby: AshbyClient, email: str) -> str:
    (candidate,) = await ashby.candidate_search(email=email)
    return candidate.id
