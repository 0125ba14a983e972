"""Settings: every problem is one clear line naming the variable, at start-up, never a traceback."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "ASHBY_API_KEY",
    "ASHBY_API_URL",
    "ASHBY_WEBHOOK_SECRET",
    "REDIS_URL",
    "PORT",
    "INDEX_REFRESH_SECONDS",
    "LOG_LEVEL",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_defaults_and_required(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(require=("SLACK_BOT_TOKEN", "ASHBY_API_KEY"), env_file=None)
    assert len(caught.value.problems) == 2
    assert caught.value.problems[0].startswith("SLACK_BOT_TOKEN is missing")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("ASHBY_API_KEY", "k")
    settings = load_settings(require=("SLACK_BOT_TOKEN", "ASHBY_API_KEY"), env_file=None)
    assert settings.PORT == 3000 and settings.ASHBY_API_URL == "https://api.ashbyhq.com"
    assert not settings.socket_mode and settings.REDIS_URL is None
    assert "xoxb-1" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-wrong", "xapp-"),
        ("PORT", "eighty", "PORT is invalid"),
        ("PORT", "70000", "PORT is invalid"),
        ("ASHBY_API_URL", "api.ashbyhq.com", "http"),
        ("REDIS_URL", "localhost:6379", "redis://"),
        ("LOG_LEVEL", "LOUD", "DEBUG"),
    ],
)
def test_malformed_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(env_file=None)
    (line,) = caught.value.problems
    assert line.startswith(name) and says in line


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nASHBY_API_KEY=k\nSLACK_APP_TOKEN=xapp-1\n")
    settings = load_settings(require=("SLACK_BOT_TOKEN",), env_file=str(env))
    assert settings.socket_mode and settings.SLACK_BOT_TOKEN.get_secret_value() == "xoxb-from-file"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=Path(tempfile.gettempdir()),
        timeout=60,
    )


def test_serve_without_settings_prints_one_line_per_problem() -> None:
    result = run_cli("serve", env={"PORT": "x"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ashby-bot: PORT is invalid:") and lines[0].endswith("(expected the HTTP port, 1-65535)")
    result = run_cli("serve")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [line.split(" is ")[0] for line in result.stderr.strip().splitlines()] == [
        "ashby-bot: SLACK_BOT_TOKEN",
        "ashby-bot: ASHBY_API_KEY",
    ]


def test_unknown_command_shows_help() -> None:
    result = run_cli()
    assert result.returncode == 0 and "serve" in result.stdout and "sandbox" in result.stdout
    result = run_cli("explode")
    assert result.returncode == 2 and "invalid choice" in result.stderr and "Traceback" not in result.stderr
