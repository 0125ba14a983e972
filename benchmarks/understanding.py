"""Plain-language understanding: the question corpus's accuracy per intent, and the parse time per question.

Accuracy is measured on the demo's organisation (the sandbox with 3,000 candidates, as the corpus test reads
it); the parse time on a sandbox with 100,000 candidates, where the candidate index is the largest part of
the vocabulary. Both build the vocabulary the way the bot does (reference data and the index over HTTP),
then time ``understand`` alone: the pure function a question costs once the caches are warm.

    .venv/bin/python benchmarks/understanding.py [--candidates 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.language import Vocabulary, understand
from tests.handlers.corpus import BOT_USER_ID, CORPUS, HOLDOUT, Judge, load, organisation

DEMO_CANDIDATES = 3000


def accuracy(vocabulary: Vocabulary, judge: Judge, path: Path = CORPUS) -> tuple[dict[str, list[int]], float]:
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for question in load(path):
        reading = understand(question.text, vocabulary, bot_user_id=BOT_USER_ID)
        per_intent[question.label][1] += 1
        wrong = judge.problems(question, reading.intent, asked_back=bool(reading.alternatives))
        per_intent[question.label][0] += not wrong
    right = sum(ok for ok, _ in per_intent.values()) / sum(n for _, n in per_intent.values())
    return per_intent, right


def parse_times(vocabulary: Vocabulary, rounds: int = 3) -> list[float]:
    texts = [q.text for q in load()]
    for text in texts:  # warm: the vocabulary's typo lexicon is built on first use
        understand(text, vocabulary, bot_user_id=BOT_USER_ID)
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            understand(text, vocabulary, bot_user_id=BOT_USER_ID)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    demo, judge = asyncio.run(organisation(DEMO_CANDIDATES))
    per_intent, right = accuracy(demo, judge)
    _, right_holdout = accuracy(demo, judge, HOLDOUT)
    holdout = len(load(HOLDOUT))
    built = time.perf_counter()
    large, large_judge = asyncio.run(organisation(args.candidates))
    built = time.perf_counter() - built
    times = parse_times(large)
    _, right_large = accuracy(large, large_judge)
    ordered = sorted(times)
    questions = sum(n for _, n in per_intent.values())
    print(f"### Understanding questions: {questions} questions, {len(per_intent)} intents\n")
    print("| corpus accuracy | value |\n|---|---:|")
    print(f"| overall, demo organisation ({DEMO_CANDIDATES:,} candidates) | {right:.1%} |")
    print(f"| lowest intent | {min(ok / n for ok, n in per_intent.values()):.1%} |")
    print(f"| held-out set ({holdout} questions by another writer), demo organisation | {right_holdout:.1%} |")
    print(f"| overall, {args.candidates:,} candidates | {right_large:.1%} |\n")
    print(f"| parse time per question, {args.candidates:,} candidates | ms |\n|---|---:|")
    print(f"| median | {statistics.median(times):.2f} |")
    print(f"| p90 | {ordered[int(len(ordered) * 0.9)]:.2f} |")
    print(f"| p99 | {ordered[int(len(ordered) * 0.99)]:.2f} |")
    print(f"| max | {ordered[-1]:.2f} |\n")
    print(f"(building that organisation over HTTP, index included: {built:.0f} s)\n")
    print("| intent | questions | right |\n|---|---:|---:|")
    for label, (ok, n) in sorted(per_intent.items()):
        print(f"| {label} | {n} | {ok / n:.0%} |")
    print()


if __name__ == "__main__":
    main()
