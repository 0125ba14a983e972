"""``ashby-bot doctor`` as an admin runs it: a subprocess against a sandbox Ashby started with
``ashby-bot sandbox --port N``, and either a closed port or a loopback Slack (``LocalSlack``) for Slack.

Every run is in a temp directory (no ``.env``) with a controlled environment, and must end in clear
lines and an exit code, never a traceback or a secret echoed back.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.loopback.local_slack import LocalSlack

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-test"
DOCTOR_TIMEOUT = 60
SANDBOX_START_SECONDS = 60


@dataclass(frozen=True)
class Run:
    """One finished ``ashby-bot doctor``."""

    returncode: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()

    def explain(self) -> str:
        return f"exit {self.returncode}\n{self.output}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(home: Path) -> dict[str, str]:
    """This checkout on the path and nothing else: no bot settings leak in from the caller."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(ROOT),
    }


def doctor(tmp_path: Path, **settings: str) -> Run:
    """Run ``python -m bot doctor`` with exactly these settings in the environment."""
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "doctor"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={**base_env(tmp_path), **settings},
        timeout=DOCTOR_TIMEOUT,
        check=False,
    )
    run = Run(completed.returncode, completed.stdout)
    assert "Traceback" not in run.output, run.explain()
    return run


def line_with(run: Run, *words: str) -> str:
    """The one output line containing every word; fails with the whole output otherwise."""
    found = [line for line in run.lines if all(word in line for word in words)]
    assert len(found) == 1, f"expected one line with {words}:\n{run.explain()}"
    return found[0]


@pytest.fixture(scope="module")
def sandbox_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``ashby-bot sandbox --port N`` in a subprocess, ready to answer."""
    port = free_port()
    cwd = tmp_path_factory.mktemp("sandbox")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--candidates", "200"],
        cwd=cwd,
        env=base_env(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SANDBOX_START_SECONDS
        while True:
            try:
                httpx.post(f"{url}/apiKey.info", auth=("sandbox", ""), json={}, timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A port bound but never listening: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


@pytest.fixture(scope="module")
def slack() -> Iterator[LocalSlack]:
    """``LocalSlack`` accepting ``xoxb-test``, on its own event loop in a background thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="local-slack", daemon=True)
    thread.start()

    async def start() -> LocalSlack:
        server = LocalSlack(bot_token=TOKEN)
        await server.start()
        return server

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def settings(ashby_url: str, slack_api_url: str, **overrides: str) -> dict[str, str]:
    """The brief's HTTP-mode settings, pointed at local stand-ins."""
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": "x",
        "ASHBY_API_KEY": "sandbox",
        "ASHBY_API_URL": ashby_url,
        "SLACK_API_URL": slack_api_url,
    }
    return {**values, **overrides}


def test_sandbox_key_is_fine_and_slack_unreachable(tmp_path: Path, sandbox_url: str, closed_port: int) -> None:
    """The sandbox key has every permission; a closed Slack port is one problem, exit 1."""
    slack_url = f"http://127.0.0.1:{closed_port}/api/"
    run = doctor(tmp_path, **settings(sandbox_url, slack_url))
    assert run.returncode == 1, run.explain()
    assert line_with(run, "settings are complete").startswith("✓")
    assert line_with(run, "Ashby key", "all needed permissions").startswith("✓")
    assert line_with(run, "could not reach Slack", slack_url).startswith("✗")
    assert run.lines[-1] == "1 problem(s) to fix.", run.explain()
    assert TOKEN not in run.output


def test_wrong_ashby_key_is_refused(tmp_path: Path, sandbox_url: str, closed_port: int) -> None:
    """A key the sandbox does not know: doctor says Ashby refused it, and never prints the key."""
    key = "not-the-sandbox-key-4711"
    run = doctor(tmp_path, **settings(sandbox_url, f"http://127.0.0.1:{closed_port}/api/", ASHBY_API_KEY=key))
    assert run.returncode == 1, run.explain()
    assert line_with(run, "Ashby refused the API key").startswith("✗")
    assert "API Keys" in line_with(run, "Ashby refused the API key"), "the line should say where to make a key"
    assert key not in run.output


def test_no_settings_names_what_is_missing(tmp_path: Path) -> None:
    """With nothing set (and no ``.env`` in the directory) doctor names each missing variable."""
    run = doctor(tmp_path)
    assert run.returncode == 1, run.explain()
    assert line_with(run, "SLACK_BOT_TOKEN is missing").startswith("✗")
    assert line_with(run, "ASHBY_API_KEY is missing").startswith("✗")


def test_malformed_settings_are_named_without_echoing_them(tmp_path: Path) -> None:
    """A user token where the bot token belongs: named, explained, and the value not printed."""
    run = doctor(tmp_path, SLACK_BOT_TOKEN="xoxp-user-token-secret", ASHBY_API_KEY="k", PORT="70000")
    assert run.returncode == 1, run.explain()
    assert "xoxb-" in line_with(run, "SLACK_BOT_TOKEN is invalid")
    assert line_with(run, "PORT is invalid").startswith("✗")
    assert "xoxp-user-token-secret" not in run.output


def test_unreachable_ashby_and_redis(tmp_path: Path, closed_port: int) -> None:
    """Nothing answering: each service gets its own line, and a password in REDIS_URL stays private."""
    closed = f"http://127.0.0.1:{closed_port}"
    redis_url = f"redis://:hunter2-secret@127.0.0.1:{closed_port}/0"
    run = doctor(tmp_path, **settings(closed, f"{closed}/api/", REDIS_URL=redis_url))
    assert run.returncode == 1, run.explain()
    assert line_with(run, "Ashby at", closed).startswith("✗")
    assert line_with(run, "could not reach Slack").startswith("✗")
    assert line_with(run, "Redis").startswith("✗")
    assert run.lines[-1] == "3 problem(s) to fix.", run.explain()
    assert "hunter2-secret" not in run.output


def test_all_good_against_loopback_slack(tmp_path: Path, sandbox_url: str, slack: LocalSlack) -> None:
    """Sandbox Ashby and a loopback Slack that accepts the token: every check passes, exit 0."""
    before = slack.count("auth.test")
    run = doctor(tmp_path, **settings(sandbox_url, slack.api_url))
    assert run.returncode == 0, run.explain()
    assert line_with(run, "Slack token works", "Local Workspace").startswith("✓")
    assert all(line.startswith("✓") for line in run.lines[:-1]), run.explain()
    assert run.lines[-1] == "All good.", run.explain()
    assert slack.count("auth.test") == before + 1
    assert "from the syncs every 60 s" in line_with(run, "events:"), "no webhook secret: notifications by polling"


def test_doctor_says_where_ashby_events_come_from(tmp_path: Path, sandbox_url: str, slack: LocalSlack) -> None:
    """With a webhook secret the events come by webhook (syncs as a safety net); turned off, it says so."""
    run = doctor(tmp_path, **settings(sandbox_url, slack.api_url, ASHBY_WEBHOOK_SECRET="s3cret-hook"))
    assert "Ashby webhooks at POST /ashby/webhook" in line_with(run, "events:"), run.explain()
    assert "s3cret-hook" not in run.output
    off = doctor(tmp_path, **settings(sandbox_url, slack.api_url, NOTIFICATIONS_ENABLED="false"))
    assert line_with(off, "notifications are off").startswith("✓"), off.explain()


def test_slack_refuses_a_wrong_token(tmp_path: Path, sandbox_url: str, slack: LocalSlack) -> None:
    """A well-formed token Slack does not know: doctor relays Slack's error and what to do."""
    run = doctor(tmp_path, **settings(sandbox_url, slack.api_url, SLACK_BOT_TOKEN="xoxb-revoked-9999"))
    assert run.returncode == 1, run.explain()
    refused = line_with(run, "Slack refused the bot token")
    assert refused.startswith("✗") and "invalid_auth" in refused, run.explain()
    assert "xoxb-revoked-9999" not in run.output


def test_http_mode_without_signing_secret(tmp_path: Path, sandbox_url: str, slack: LocalSlack) -> None:
    """HTTP mode (no SLACK_APP_TOKEN) needs the signing secret; doctor says so and exits 1."""
    values = settings(sandbox_url, slack.api_url)
    del values["SLACK_SIGNING_SECRET"]
    run = doctor(tmp_path, **values)
    assert run.returncode == 1, run.explain()
    assert line_with(run, "SLACK_SIGNING_SECRET is missing").startswith("✗")
    assert run.lines[-1] == "1 problem(s) to fix.", run.explain()
