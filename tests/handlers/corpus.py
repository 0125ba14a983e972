"""The question corpus (``corpus/questions.tsv``) and how a reading of one question is judged.

Shared by the corpus test and ``benchmarks/understanding.py``. A question is right when the intent's label
matches and every expected entity is the one named: candidates are checked by resolving the query the bot
would resolve (so "Alex Kim?" must stay a picker and "jon smith" must never become John Smith).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ashby.client import AshbyClient
from ashby.index import CandidateIndex
from ashby.index_sync import IndexSync
from ashby.normalize import normalize
from ashby.reference import ReferenceData
from ashby.resolver import CandidateResolver, JobResolver
from ashby.sandbox import Sandbox, running_sandbox
from handlers.intents import Intent
from handlers.language import Vocabulary
from handlers.questions import Questions

CORPUS = Path(__file__).parent / "corpus" / "questions.tsv"
#: Written afterwards by someone who had not seen the parser or the corpus: how well it generalises.
HOLDOUT = CORPUS.parent / "holdout.tsv"
BOT_USER_ID = "U0BOT"


@dataclass(frozen=True, slots=True)
class Question:
    line: int
    text: str
    label: str
    expected: dict[str, str]


def load(path: Path = CORPUS) -> list[Question]:
    questions = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        text, label, entities = [*raw.split("\t"), "", ""][:3]
        expected = dict(pair.split("=", 1) for pair in entities.split(";") if "=" in pair)
        questions.append(Question(number, text, label.strip(), {k.strip(): v.strip() for k, v in expected.items()}))
    return questions


async def organisation(candidates: int) -> tuple[Vocabulary, Judge]:
    """The sandbox organisation's vocabulary, built as the bot builds it (over HTTP), and a judge for it."""
    async with running_sandbox(Sandbox(candidates=candidates)) as url, AshbyClient("sandbox", base_url=url) as client:
        reference, index = ReferenceData(client), CandidateIndex()
        await IndexSync(client, index).run_once()
        resolver = CandidateResolver(index)
        vocabulary = await Questions(reference, index, resolver).vocabulary()
        users = {user.id: user.name or "" for user in (await reference.users()).values()}
        return vocabulary, Judge(resolver, vocabulary.jobs, users)


@dataclass
class Judge:
    """Checks an ``Intent`` against a question's expectations, with the organisation's resolvers."""

    candidates: CandidateResolver
    jobs: JobResolver
    users: dict[str, str]  # Ashby user id -> name
    emails: dict[str, tuple[str, ...]] = field(default_factory=dict)  # candidate id -> emails

    def problems(self, question: Question, intent: Intent, *, asked_back: bool = False) -> list[str]:
        """What is wrong with the reading; asking back counts as wrong (every corpus question is clear)."""
        found = ["asked back"] if asked_back else []
        if intent.label != question.label:
            found.append(f"intent {intent.label} != {question.label}")
        for key, want in question.expected.items():
            got = self._value(key, intent)
            if not self._same(key, want, got, intent):
                found.append(f"{key}: {got!r} != {want!r}")
        return found

    def _value(self, key: str, intent: Intent) -> str | None:
        if key == "candidate":
            return intent.query
        if key == "job":
            if intent.kind in ("add", "transfer"):
                return intent.target
            return intent.job if intent.kind == "candidate" else intent.query
        if key == "stage":
            return intent.target if intent.kind == "move" else intent.stage
        if key == "person":
            return intent.who or (self.users.get(intent.user_id) if intent.user_id else None)
        if key == "private":
            return "yes" if intent.private else "no"
        return getattr(intent, key, None)

    def _same(self, key: str, want: str, got: str | None, intent: Intent) -> bool:
        if key == "candidate":
            return self._same_candidate(want, got)
        if got is None:
            return False
        if key == "job" or (key == "target" and intent.kind in ("add", "transfer")):
            resolution = self.jobs.resolve(got)
            return resolution.outcome == "found" and resolution.best is not None and resolution.best.job.title == want
        if key == "text":
            return normalize(got) == normalize(want)
        return normalize(got) == normalize(want)

    def _same_candidate(self, want: str, got: str | None) -> bool:
        if not got:
            return False
        resolution = self.candidates.resolve(got)
        if want.endswith("?"):
            return resolution.outcome == "ambiguous" and all(
                m.candidate.name == want[:-1] for m in resolution.matches[:2]
            )
        name, _, email = want.partition("#")
        if resolution.outcome == "ambiguous" and not email:
            # A partial or misspelt name that fits several people: the picker must offer the one meant.
            return any(m.candidate.name == name for m in resolution.matches)
        if resolution.outcome != "found" or resolution.best is None:
            return False
        best = resolution.best.candidate
        return best.name == name and (not email or email.lower() in best.emails)
