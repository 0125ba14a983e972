"""The interview loop's work per round: it grows with the interviews in its windows, not with the candidates.

One demo organisation (the sandbox over HTTP, the local Slack, the real bot) at a fixed moment; the loop's
rounds are timed in steady state (everything due has been sent, so a round is the scan itself: briefings,
reminders, debriefs, digests). Then the candidate index is padded with synthetic candidates and applications,
as an organisation ten or fifty times larger with the same interview calendar, and the same rounds are timed
again; then interviews are added to the calendar and timed once more. Ratios within one run are the claim.

    .venv/bin/python benchmarks/interview_loop.py [--candidates 2000] [--padding 100000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ashby.calendar import InterviewCalendar
from bot.loopback.clock import MovableClock
from bot.loopback.session import DemoSession


async def rounds(session: DemoSession, count: int) -> float:
    """Median milliseconds of one loop round (each after a warm-up round has sent what was due)."""
    assert session.bot is not None
    client = session.bot.app.client
    await session.bot.loop.run(client)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await session.bot.loop.run(client)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def pad_index(session: DemoSession, extra: int) -> None:
    """``extra`` more candidates, each with an active application, in the index (Ashby never hears of them)."""
    assert session.bot is not None
    index = session.bot.index
    jobs = [job["id"] for job in session.sandbox.store.jobs]
    candidates = [{"id": f"pad-c-{n}", "name": f"Padded Candidate {n}", "emailAddresses": []} for n in range(extra)]
    index.upsert_candidates(candidates)
    index.apply_applications(
        {
            "id": f"pad-a-{n}",
            "status": "Active",
            "candidate": {"id": f"pad-c-{n}"},
            "job": {"id": jobs[n % len(jobs)]},
            "currentInterviewStage": {"id": "pad-stage"},
        }
        for n in range(extra)
    )


def interviews_in_windows(calendar: InterviewCalendar) -> int:
    return sum(len(schedule.interview_events) for schedule in calendar._schedules.values())


def duplicate_calendar(calendar: InterviewCalendar, times: int) -> None:
    """Each schedule ``times`` times over (new ids, same people and hours): a busier interview calendar."""
    schedules = calendar._schedules
    for schedule in list(schedules.values()):
        for n in range(1, times):
            events = [event.model_copy(update={"id": f"{event.id}-x{n}"}) for event in schedule.interview_events]
            copy = schedule.model_copy(update={"id": f"{schedule.id}-x{n}", "interview_events": events})
            schedules[copy.id] = copy


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--padding", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    clock = MovableClock()
    async with DemoSession(candidates=args.candidates, notifications=True, clock=clock) as session:
        assert session.bot is not None
        calendar = session.bot.calendar
        clock.move(timedelta(hours=2))  # reminders for the seeded interviews fall due, then stay sent
        interviews = interviews_in_windows(calendar)
        base = await rounds(session, args.rounds)
        size = len(session.bot.index)
        pad_index(session, args.padding)
        padded = await rounds(session, args.rounds)
        padded_size = len(session.bot.index)
        duplicate_calendar(calendar, 3)
        busier = await rounds(session, args.rounds)
        busier_interviews = interviews_in_windows(calendar)
    print("### Interview loop: work per round\n")
    print(f"One round every 30 s; median of {args.rounds} steady-state rounds (nothing new to send).\n")
    print("| organisation | candidates in the index | interviews in the calendar | ms / round | ratio |")
    print("|---|---:|---:|---:|---:|")
    print(f"| demo organisation | {size:,} | {interviews:,} | {base:.1f} | 1.0x |")
    print(f"| same calendar, index padded | {padded_size:,} | {interviews:,} | {padded:.1f} | {padded / base:.1f}x |")
    print(
        f"| same index, calendar tripled | {padded_size:,} | {busier_interviews:,} | {busier:.1f} | "
        f"{busier / base:.1f}x |\n"
    )


if __name__ == "__main__":
    asyncio.run(main())
