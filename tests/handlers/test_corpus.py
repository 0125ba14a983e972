"""The question corpus, read by the real parser over the sandbox organisation (jobs, stages, people and a
3,000-candidate index fetched over HTTP, as the demo has them).

The bar is the product's: at least 95% of the corpus right, no intent below 90%, and never an answer about
the other of two look-alike candidates.
"""

from collections import defaultdict

import pytest
import pytest_asyncio

from handlers.language import Vocabulary, understand

from .corpus import BOT_USER_ID, HOLDOUT, Judge, Question, load, organisation

pytestmark = pytest.mark.asyncio(loop_scope="module")

QUESTIONS = load() + load(HOLDOUT)
LOOK_ALIKES = ("Alex Kim", "Jon Smith", "John Smith")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def built() -> tuple[Vocabulary, Judge]:
    return await organisation(3000)


def _wrong(question: Question, vocabulary: Vocabulary, judge: Judge) -> list[str]:
    reading = understand(question.text, vocabulary, bot_user_id=BOT_USER_ID)
    return judge.problems(question, reading.intent, asked_back=bool(reading.alternatives))


async def test_the_corpus_is_large_and_covers_every_intent() -> None:
    per_intent = defaultdict(int)
    for question in QUESTIONS:
        per_intent[question.label] += 1
    assert len(QUESTIONS) >= 700
    assert len(per_intent) >= 40 and min(per_intent.values()) >= 8, per_intent


async def test_the_corpus_is_understood(built: tuple[Vocabulary, Judge]) -> None:
    vocabulary, judge = built
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for question in QUESTIONS:
        problems = _wrong(question, vocabulary, judge)
        right[question.label][1] += 1
        if problems:
            misses.append(f"{question.line}: {question.text!r} {problems}")
        else:
            right[question.label][0] += 1
    total = sum(ok for ok, _ in right.values()) / len(QUESTIONS)
    weakest = {label: ok / n for label, (ok, n) in right.items() if ok / n < 0.9}
    assert total >= 0.95 and not weakest, f"{total:.1%} right; below 90%: {weakest}\n" + "\n".join(misses)


async def test_look_alike_candidates_are_never_swapped(built: tuple[Vocabulary, Judge]) -> None:
    vocabulary, judge = built
    guarded = [q for q in QUESTIONS if any(name in q.expected.get("candidate", "") for name in LOOK_ALIKES)]
    assert len(guarded) >= 10
    for question in guarded:
        problems = [p for p in _wrong(question, vocabulary, judge) if p.startswith("candidate")]
        assert not problems, (question.text, problems)
