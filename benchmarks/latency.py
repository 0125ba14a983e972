"""Slack-facing latency of the real bot: how fast it acks, how fast a warm answer arrives, and how many
Ashby calls that answer costs.

Everything runs in this process through ``DemoSession``: the bot in HTTP mode (aiohttp + Bolt), the sandbox
Ashby and the loopback Slack, each on its own 127.0.0.1 port. Every command is a real signed Slack request
sent over HTTP; every answer is what reached the loopback Slack's ``response_url``.

* **Ack**: a ``/ashby <name>`` slash command to its HTTP 200 (Bolt acks before the listener does any
  work). Measured one at a time, each answer drained before the next command, so this is the ack of a bot
  that is not busy; the sandbox adds no latency here. Two references split the time: the same request
  with a forged signature (Bolt answers 401 without running a listener) and ``GET /healthz`` (aiohttp
  alone).
* **End to end**: with 50 ms added to every Ashby call (installed after the bot is ready), the time from
  sending ``/ashby <name>`` to the answer arriving, and the Ashby calls made for it (the diff of
  ``sandbox.calls``), for a candidate asked about for the first time (index, reference data and the
  asker's identity warm; the candidate's own records dropped from the caches first) and again at once
  (the 30-second record caches warm), plus the very first question after start-up. A request tracer on
  the sandbox gives each call's start and end, so "rounds" is the longest chain of calls that ran one
  after another: the number of Ashby round trips the answer waited for. One round trip is measured
  through the bot's own client, so the ratio end-to-end / round trip is free of the machine's speed.
* Optionally the same for ``/ashby interviews today`` and ``/ashby job REQ-1042``; the pipeline is also asked
  a third time with the job's application records dropped from the caches, as half a minute later.

Background work must not be counted against an answer: the periodic refreshes are moved past the end of
the run (``INDEX_REFRESH_SECONDS``), and timing starts once start-up work (such as sending offer-approval
cards) has made no Ashby call for a second.

    .venv/bin/python benchmarks/latency.py [--acks N] [--people N] [--latency-ms N] [--candidates N] [--no-extras]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Read by the bot's Settings when DemoSession builds them: no background refresh during the run.
os.environ["INDEX_REFRESH_SECONDS"] = "3600"

from ashby.resolver import CandidateResolver
from ashby.sandbox import Fault, Sandbox
from bot.loopback.local_slack import SlackMessage
from bot.loopback.session import CHANNEL, DemoSession

ANSWER_TIMEOUT = 60.0
RTT_SAMPLES = 30
WARM_UP = 20  # other candidates asked about before timing acks
JOB_REQUISITION = "REQ-1042"
JOB_COMMAND = f"job {JOB_REQUISITION}"
INTERVIEWS_COMMAND = "interviews today"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Call:
    endpoint: str
    start: float
    end: float


@dataclass
class Tracer:
    """Records every request the sandbox serves, with when it started and ended (``perf_counter``)."""

    calls: list[Call] = field(default_factory=list)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        start = time.perf_counter()
        try:
            return await handler(request)
        finally:
            self.calls.append(Call(request.path.lstrip("/"), start, time.perf_counter()))

    def since(self, mark: int) -> list[Call]:
        return self.calls[mark:]


def rounds(calls: list[Call]) -> int:
    """The longest chain of calls each starting after the previous one ended: sequential round trips."""
    chain, last_end = 0, float("-inf")
    for call in sorted(calls, key=lambda c: c.end):
        if call.start >= last_end:
            chain, last_end = chain + 1, call.end
    return chain


@dataclass(frozen=True)
class Timed:
    """One command: time to the HTTP ack, time to the answer, and the Ashby calls made in between."""

    ack: float
    answer: float
    calls: Counter[str]
    rounds: int
    text: str

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def call_list(self) -> str:
        return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in sorted(self.calls.items())) or "none"


async def timed_command(session: DemoSession, tracer: Tracer, text: str) -> Timed:
    """Send ``/ashby text`` as a signed slash command and wait for its answer at the loopback Slack."""
    url = session.slack.new_response_url(CHANNEL.id, session.user.id)
    request = session.requests.slash_command(text, user_id=session.user.id, channel_id=CHANNEL.id, response_url=url)
    before, mark = Counter(session.sandbox.calls), len(tracer.calls)
    started = time.perf_counter()
    response = await session.post(request)
    acked = time.perf_counter()
    if response.status_code != 200:
        raise RuntimeError(f"/ashby {text}: the bot answered HTTP {response.status_code}")
    answer = await next_response(session, ANSWER_TIMEOUT)
    answered = time.perf_counter()
    calls = Counter(session.sandbox.calls)
    calls.subtract(before)
    return Timed(
        ack=acked - started,
        answer=answered - started,
        calls=+calls,
        rounds=rounds(tracer.since(mark)),
        text=answer.text,
    )


async def next_response(session: DemoSession, seconds: float) -> SlackMessage:
    """The next ``response_url`` message: the answer to the command just sent. Messages the bot posts on
    its own meanwhile (offer-approval cards to approvers' DMs, say) are skipped."""
    async with asyncio.timeout(seconds):
        while True:
            for message in await session.slack.wait_for_messages(1, timeout=seconds):
                if message.kind == "response":
                    return message


async def settle(session: DemoSession, quiet: float = 1.0, limit: float = 60.0) -> None:
    """Wait until the bot has made no Ashby call for ``quiet`` seconds (start-up work, such as sending
    approval cards, done), so that work is not counted against an answer. Gives up after ``limit``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    last, since = sum(session.sandbox.calls.values()), loop.time()
    while loop.time() < deadline and loop.time() - since < quiet:
        await asyncio.sleep(0.1)
        now = sum(session.sandbox.calls.values())
        if now != last:
            last, since = now, loop.time()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else values[0]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def pick_people(
    session: DemoSession, count: int, seed: int, *, active: bool, hidden_jobs: set[str]
) -> list[tuple[str, str, int]]:
    """Candidates (id, name, applications) whose name alone resolves to them and who have no application
    on a job in ``hidden_jobs`` (confidential ones), so the answer is their card, not a picker or a
    refusal; with ``active``, only people with an active application (whom recruiters ask about most)."""
    assert session.bot is not None
    index = session.bot.index
    resolver = CandidateResolver(index)
    # Sandbox ids differ from run to run, names do not: order by name so the same people are drawn.
    ids = sorted(index.ids(), key=lambda i: (getattr(index.get(i), "name", ""), i))
    random.Random(seed).shuffle(ids)
    chosen: list[tuple[str, str, int]] = []
    for candidate_id in ids:
        record = index.get(candidate_id)
        apps = index.applications_of(candidate_id)
        if record is None or not apps or not record.name or (active and not record.active_applications):
            continue
        if any(app.job_id in hidden_jobs for app in apps):
            continue
        found = resolver.resolve(record.name)
        if found.outcome == "found" and found.best is not None and found.best.candidate.id == candidate_id:
            chosen.append((candidate_id, record.name, len(apps)))
        if len(chosen) == count:
            break
    return chosen


def forget_records(session: DemoSession, candidate_id: str) -> None:
    """Drop this candidate's cached records, as a webhook would: start-up work (approval cards) may have
    fetched some of their applications, and a first ask must find none of them cached."""
    assert session.bot is not None
    recruiting = session.bot.recruiting
    recruiting.forget(candidate_id=candidate_id)
    for app in session.bot.index.applications_of(candidate_id):
        recruiting.forget(application_id=app.id)


async def forget_job_records(session: DemoSession, requisition: str) -> None:
    """Drop every cached application record of a job, as 30 seconds without a question would: what its
    pipeline then costs depends only on what is kept longer (the index, the days in stage already seen)."""
    assert session.bot is not None
    recruiting = session.bot.recruiting
    jobs = await recruiting.reference.jobs()  # cached since start-up: no call
    job_id = next(job.id for job in jobs.values() if job.custom_requisition_id == requisition)
    for app in session.bot.index.active_applications_of_job(job_id):
        recruiting.forget(application_id=app.id)


async def round_trip(session: DemoSession, candidate_id: str) -> float:
    """Median time of one ``candidate.info`` through the bot's own client: one Ashby round trip."""
    assert session.bot is not None
    times = []
    for _ in range(RTT_SAMPLES):
        started = time.perf_counter()
        await session.bot.ashby.candidate_info(candidate_id)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def table(headers: list[str], rows: list[list[str]], *, text_last: bool = False) -> str:
    """A Markdown table: numbers right-aligned, the first column (and with ``text_last`` the last) left."""
    align = ["---"] + ["---:"] * (len(headers) - 1)
    if text_last:
        align[-1] = "---"
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"


async def timed_requests(count: int, send: Callable[[], Awaitable[httpx.Response]], status: int) -> list[float]:
    """Time ``count`` requests one at a time, each to its HTTP response, checking the status."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = await send()
        times.append(time.perf_counter() - started)
        if response.status_code != status:
            raise RuntimeError(f"expected HTTP {status}, got {response.status_code}")
    return times


async def run(args: argparse.Namespace) -> str:
    sandbox = Sandbox(seed=args.seed, candidates=args.candidates)
    tracer = Tracer()
    sandbox.app.middlewares.append(tracer.middleware)  # before the app is frozen by its runner
    latency = Fault("*", "latency", times=None, latency_ms=args.latency_ms)
    out: list[str] = []
    started = time.perf_counter()
    async with DemoSession(sandbox=sandbox) as session, httpx.AsyncClient(timeout=10) as http:
        startup = time.perf_counter() - started
        await settle(session)
        assert session.bot is not None
        jobs = await session.bot.recruiting.reference.jobs()  # start-up work has usually loaded them
        hidden = {job.id for job in jobs.values() if job.confidential}
        people = pick_people(session, args.people, args.seed, active=True, hidden_jobs=hidden)
        measured = {candidate_id for candidate_id, _, _ in people}
        others = pick_people(session, WARM_UP + len(people), args.seed + 1, active=False, hidden_jobs=hidden)
        warm = [(candidate_id, name) for candidate_id, name, _ in others if candidate_id not in measured][:WARM_UP]
        warm_names = [name for _, name in warm]

        # -- the very first question after start-up: nothing cached but the index ---------------------------
        sandbox.faults.add(latency)
        forget_records(session, warm[0][0])
        cold = await timed_command(session, tracer, warm_names[0])
        sandbox.faults.clear()

        # -- (a) ack latency, idle bot, no added Ashby latency --------------------------------------------
        for name in warm_names:  # Bolt's code paths and these cards warm
            await timed_command(session, tracer, name)
        acks = [(await timed_command(session, tracer, warm_names[i % len(warm_names)])).ack for i in range(args.acks)]
        forged = session.requests.slash_command(
            warm_names[0], user_id=session.user.id, channel_id=CHANNEL.id, response_url="http://127.0.0.1:9/"
        ).forged()
        rejected = await timed_requests(args.acks, lambda: session.post(forged), 401)
        health = await timed_requests(args.acks, lambda: http.get(f"{session.bot_url}/healthz"), 200)
        out.append(f"## Slack latency: the real HTTP app, {args.candidates:,}-candidate sandbox\n")
        out.append(f"Bot start-up to ready (first index and calendar pass over HTTP): {startup:.1f} s.\n")
        out.append(
            table(
                [f"one at a time, {args.acks} requests each", "median ms", "p99 ms", "max ms"],
                [
                    [label, ms(statistics.median(t)), ms(p99(t)), ms(max(t))]
                    for label, t in (
                        ("**`/ashby <name>` signed slash command → HTTP 200 ack**", acks),
                        ("same, forged signature → HTTP 401 (Bolt, no listener)", rejected),
                        ("`GET /healthz` → 200 (aiohttp only, no Bolt)", health),
                    )
                ],
            )
        )

        # -- (b) warm end to end with latency on every Ashby call ----------------------------------------
        sandbox.faults.add(latency)
        rtt = await round_trip(session, people[0][0])
        rows, firsts, agains, not_cards = [], [], [], []
        for candidate_id, name, apps in people:
            forget_records(session, candidate_id)
            first = await timed_command(session, tracer, name)
            again = await timed_command(session, tracer, name)
            firsts.append(first)
            agains.append(again)
            if name not in first.text or name not in again.text:
                not_cards.append(name)
            rows.append(
                [
                    name,
                    str(apps),
                    ms(first.answer),
                    f"{first.total_calls} ({first.rounds})",
                    ms(again.answer),
                    f"{again.total_calls} ({again.rounds})",
                ]
            )
        out.append(
            f"### `/ashby <name>` end to end, {args.latency_ms} ms added to every Ashby call\n\n"
            f"One Ashby round trip through the bot's client (`candidate.info`, median of {RTT_SAMPLES}): "
            f"**{ms(rtt)} ms**. Candidates drawn at random among those with an active application on a "
            "non-confidential job.\n"
        )
        out.append(
            table(
                ["candidate", "applications", "first ask ms", "calls (rounds)", "asked again ms", "calls (rounds)"],
                rows,
            )
        )
        first_ms = statistics.median(t.answer for t in firsts)
        again_ms = statistics.median(t.answer for t in agains)
        out.append(
            table(
                ["median over these candidates", "first ask (warm)", "asked again", "first question after start"],
                [
                    ["send → answer at Slack", f"{ms(first_ms)} ms", f"{ms(again_ms)} ms", f"{ms(cold.answer)} ms"],
                    [
                        "÷ one Ashby round trip",
                        f"{first_ms / rtt:.1f}×",
                        f"{again_ms / rtt:.1f}×",
                        f"{cold.answer / rtt:.1f}×",
                    ],
                    [
                        "Ashby calls",
                        f"{statistics.median(t.total_calls for t in firsts):g}",
                        f"{statistics.median(t.total_calls for t in agains):g}",
                        str(cold.total_calls),
                    ],
                    [
                        "sequential rounds",
                        f"{statistics.median(t.rounds for t in firsts):g}",
                        f"{statistics.median(t.rounds for t in agains):g}",
                        str(cold.rounds),
                    ],
                    [
                        "ack (HTTP 200) while Ashby is slow",
                        f"{ms(statistics.median(t.ack for t in firsts))} ms",
                        f"{ms(statistics.median(t.ack for t in agains))} ms",
                        f"{ms(cold.ack)} ms",
                    ],
                ],
            )
        )
        seen: Counter[str] = Counter()
        for t in firsts:
            seen.update(dict.fromkeys(t.calls, 1))
        kinds = ", ".join(f"{name} ({n}/{len(firsts)})" for name, n in sorted(seen.items()))
        out.append(f"Endpoints called on a warm first ask (in how many of the asks): {kinds or 'none'}.  ")
        out.append(f"The first question after start-up called: {cold.call_list()}.\n")
        if not_cards:
            out.append(
                f"**Warning**: the answer did not name the candidate (not their card?) for {', '.join(not_cards)}.\n"
            )

        # -- (c) other commands ---------------------------------------------------------------------------
        if not args.no_extras:
            extra_rows = []
            asks = [(JOB_COMMAND, label) for label in ("first", "again", "records expired")]
            asks += [(INTERVIEWS_COMMAND, label) for label in ("first", "again")]
            for command, label in asks:
                if label == "records expired":
                    await forget_job_records(session, JOB_REQUISITION)
                t = await timed_command(session, tracer, command)
                extra_rows.append(
                    [
                        f"`/ashby {command}` ({label})",
                        ms(t.answer),
                        f"{t.answer / rtt:.1f}×",
                        f"{t.total_calls} ({t.rounds})",
                        t.call_list(),
                    ]
                )
            out.append(f"### Other commands, {args.latency_ms} ms added to every Ashby call\n")
            out.append(
                table(["command", "answer ms", "÷ round trip", "calls (rounds)", "which"], extra_rows, text_last=True)
            )
        sandbox.faults.clear()
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acks", type=int, default=300, help="slash commands timed to their ack")
    parser.add_argument("--people", type=int, default=7, help="candidates asked about end to end")
    parser.add_argument("--latency-ms", type=int, default=50, help="added to every Ashby call for part (b)")
    parser.add_argument("--candidates", type=int, default=3000, help="size of the sandbox")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-extras", action="store_true", help="skip `job REQ-1042` and `interviews today`")
    args = parser.parse_args()
    print(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
