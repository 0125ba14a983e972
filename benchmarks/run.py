"""Run every benchmark and print one Markdown report (what ``make bench`` runs).

Each benchmark runs in its own Python process, so one's memory and warm caches cannot flatter another's
numbers (the memory benchmark needs a fresh process above all). The report starts with the machine it
ran on, since every absolute number depends on it; the claims worth quoting are the ratios measured
within one run.

    .venv/bin/python benchmarks/run.py [--quick] [--only resolver,latency,memory,understanding,loop] [--output FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Each benchmark is killed if it runs longer than this (full run: about 1.5 minutes the longest).
TIMEOUT_SECONDS = 900

#: name -> (script, arguments for the full run, arguments for --quick)
BENCHMARKS: dict[str, tuple[str, list[str], list[str]]] = {
    "resolver": ("resolver.py", [], ["--candidates", "20000", "--queries", "200"]),
    "latency": ("latency.py", [], ["--acks", "100", "--people", "3"]),
    "memory": ("memory.py", [], ["--candidates", "20000"]),
    "understanding": ("understanding.py", [], ["--candidates", "20000"]),
    "loop": ("interview_loop.py", [], ["--candidates", "1000", "--padding", "20000", "--rounds", "5"]),
}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def git_revision() -> str:
    """The commit measured, marked ``+changes`` when the working tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}{' +changes' if dirty else ''}"


def machine() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    rows = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("code", git_revision()),
        ("CPU", f"{cpu_model()}, {usable} usable cores (nproc)"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("load average at start (1, 5, 15 min)", load),
    ]
    lines = ["| machine | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def run_one(name: str, quick: bool) -> tuple[str, float]:
    """Run one benchmark script; its stdout is its Markdown section."""
    script, full, fast = BENCHMARKS[name]
    command = [sys.executable, str(HERE / script), *(fast if quick else full)]
    print(f"running {name}: {' '.join(command[1:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark {name} failed with exit code {done.returncode}")
    return done.stdout.strip() + "\n", seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs: about a minute instead of four")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated: resolver,latency,memory")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    header = machine()
    sections, timings = [], []
    for name in names:
        section, seconds = run_one(name, args.quick)
        sections.append(section)
        timings.append(f"{name} {seconds:.0f} s")
    mode = "quick run (`--quick`)" if args.quick else "full run"
    report = "\n".join(
        [f"# ashby-slack-bot benchmarks: {mode}\n", header, *sections, f"Wall time: {', '.join(timings)}.\n"]
    )
    print(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
