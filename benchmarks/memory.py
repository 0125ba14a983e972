"""Memory of the bot process holding a large candidate index, built the way the bot builds it.

The sandbox Ashby (N candidates, default 100,000) runs in a child process, so its own rows do not count
against this one. This process then does what the bot does at start-up: ``IndexSync.run_once()`` reads
every ``candidate.list`` and ``application.list`` page over HTTP into a ``CandidateIndex``. Reported:

* RSS before and after the pass (``VmRSS`` from ``/proc/self/status``), and the peak (``VmHWM``), which
  includes the pages in flight and memory the allocator has not returned to the OS;
* with ``tracemalloc``: the bytes still allocated after the pass, and the bytes released when the index is
  dropped (the index alone, without interpreter and library overhead);
* both per candidate.

tracemalloc slows allocation, so the RSS pass and the traced pass are separate runs (two full passes).

    .venv/bin/python benchmarks/memory.py [--candidates N] [--seed N] [--no-tracemalloc]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bot.app  # noqa: F401  (the baseline is a bot process: Bolt, slack_sdk, pydantic models all loaded)
from ashby.client import AshbyClient
from ashby.index import CandidateIndex
from ashby.index_sync import IndexSync

ROOT = Path(__file__).resolve().parents[1]
SANDBOX_START_SECONDS = 180
PASS_SECONDS = 600


def proc_status_kib(field: str) -> int:
    """One ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``); Linux only, like the Dockerfile."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> None:
    """Reset ``VmHWM`` to the current RSS (Linux >= 4.0), so the peak belongs to the pass alone."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


@contextlib.asynccontextmanager
async def sandbox_process(candidates: int, seed: int) -> AsyncIterator[str]:
    """``ashby-bot sandbox`` in a child process on a free loopback port; yields its base URL."""
    command = [sys.executable, "-m", "bot", "sandbox", "--host", "127.0.0.1", "--port", "0"]
    command += ["--candidates", str(candidates), "--seed", str(seed)]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        assert process.stdout is not None
        async with asyncio.timeout(SANDBOX_START_SECONDS):
            line = (await process.stdout.readline()).decode()
        if "listening on " not in line:
            raise RuntimeError(f"the sandbox did not start: {line!r}")
        yield line.split("listening on ", 1)[1].split()[0]
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()


@dataclass(frozen=True)
class PassResult:
    candidates: int
    applications: int
    seconds: float


async def full_pass(url: str, index: CandidateIndex) -> PassResult:
    """One first pass of the index over HTTP, exactly as ``Bot.start`` runs it (without a store)."""
    async with AshbyClient("sandbox", base_url=url) as client:
        sync = IndexSync(client, index)
        started = time.perf_counter()
        async with asyncio.timeout(PASS_SECONDS):
            await sync.run_once()
        seconds = time.perf_counter() - started
    return PassResult(len(index), len(index.application_ids()), seconds)


async def warm_up(url: str) -> None:
    """Import and exercise the HTTP stack once, so its one-off cost is not counted against the index."""
    async with AshbyClient("sandbox", base_url=url) as client:
        await client.call("apiKey.info")


@dataclass(frozen=True)
class Measured:
    result: PassResult
    rss_before: int
    rss_after: int
    rss_peak: int
    traced_retained: int | None = None
    traced_index: int | None = None


async def measure(candidates: int, seed: int, traced: bool) -> Measured:
    async with sandbox_process(candidates, seed) as url:
        await warm_up(url)
        gc.collect()
        rss_before = proc_status_kib("VmRSS") * 1024
        reset_peak()
        index = CandidateIndex()
        result = await full_pass(url, index)
        gc.collect()
        rss_after = proc_status_kib("VmRSS") * 1024
        rss_peak = proc_status_kib("VmHWM") * 1024
        if not traced:
            return Measured(result, rss_before, rss_after, rss_peak)
        del index
        gc.collect()
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        index = CandidateIndex()
        await full_pass(url, index)
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - baseline
        with_index = tracemalloc.get_traced_memory()[0]
        del index
        gc.collect()
        index_alone = with_index - tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return Measured(result, rss_before, rss_after, rss_peak, retained, index_alone)


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def report(m: Measured) -> str:
    n = m.result.candidates
    per = "B / candidate"
    rows = [
        ["candidates / applications indexed", f"{n:,} / {m.result.applications:,}"],
        ["index pass over HTTP (candidate.list + application.list)", f"{m.result.seconds:.1f} s"],
        ["RSS before the pass (all bot modules imported, HTTP client warmed up)", mib(m.rss_before)],
        ["RSS after the pass", mib(m.rss_after)],
        [
            "**RSS growth**",
            f"**{mib(m.rss_after - m.rss_before)} ({(m.rss_after - m.rss_before) / n:,.0f} {per})**",
        ],
        ["peak RSS during the pass (VmHWM)", mib(m.rss_peak)],
    ]
    if m.traced_retained is not None and m.traced_index is not None:
        rows += [
            [
                "tracemalloc: still allocated after the pass",
                f"{mib(m.traced_retained)} ({m.traced_retained / n:,.0f} {per})",
            ],
            ["tracemalloc: released by dropping the index", f"{mib(m.traced_index)} ({m.traced_index / n:,.0f} {per})"],
        ]
    lines = [f"## Memory: a {n:,}-candidate index built over HTTP\n", "| | value |", "|---|---:|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced pass")
    args = parser.parse_args()
    measured = asyncio.run(measure(args.candidates, args.seed, traced=not args.no_tracemalloc))
    print(report(measured))


if __name__ == "__main__":
    main()
