"""The README, ``.env.example``, the Makefile and CI agree with the code they describe."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
CI_RUN = ROOT / ".ci" / "run"
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
SETTINGS = list(Settings.model_fields)
FENCE = re.compile(r"^```[^\n]*\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def code_blocks(markdown: str) -> list[str]:
    return [m["body"] for m in FENCE.finditer(markdown)]


def commands(block: str) -> list[str]:
    """The command lines of a shell block, without comments or blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [line for line in lines if line]


def make_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", MAKEFILE, re.MULTILINE))


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", markdown, re.MULTILINE)
    assert match, f"README has no '{heading}' heading"
    level = len(match[1])
    rest = markdown[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def settings_table() -> dict[str, list[str]]:
    """README settings table: name -> the other cells of its row."""
    rows: dict[str, list[str]] = {}
    for line in section(README, "Settings").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        name = re.fullmatch(r"`([A-Z][A-Z0-9_]*)`", cells[0]) if cells else None
        if name:
            rows[name[1]] = cells[1:]
    return rows


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1, "bot/cli.py should have one set of sub-commands"
    return dict(actions[0].choices)


def test_readme_starts_with_make_demo_and_make_test() -> None:
    """The first commands a reader meets are ``make demo`` and ``make test``, both real targets."""
    blocks = code_blocks(README)
    assert blocks, "README has no code blocks"
    assert commands(blocks[0]) == ["make demo", "make test"], blocks[0]
    assert {"demo", "test"} <= make_targets(), f"Makefile targets: {sorted(make_targets())}"


def test_every_make_target_in_the_readme_exists() -> None:
    """``make doctor``, ``make serve`` and friends, wherever the README mentions them."""
    mentioned = set(re.findall(r"\bmake (?:PYTHON=\S+ )?([a-z][\w-]*)", README))
    missing = mentioned - make_targets()
    assert not missing, f"README mentions make targets the Makefile lacks: {sorted(missing)}"


def test_ci_runs_exactly_make_test() -> None:
    """CI runs the README's test command and nothing else (so a green CI means ``make test`` passed)."""
    lines = CI_RUN.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("#!"), ".ci/run should start with a shebang"
    assert os.access(CI_RUN, os.X_OK), ".ci/run should be executable"
    steps = [shlex.split(line, comments=True) for line in lines[1:]]
    steps = [step for step in steps if step]
    setup = [step for step in steps if step[0] in ("set", "cd")]
    work = [step for step in steps if step not in setup]
    assert work == [["make", "test"]], f".ci/run should run exactly `make test`, runs {work}"


@pytest.mark.parametrize("name", SETTINGS)
def test_setting_is_in_env_example(name: str) -> None:
    """Each setting has a line in ``.env.example``, set or commented out."""
    if not re.search(rf"^#? ?{name}=", ENV_EXAMPLE, re.MULTILINE):
        pytest.fail(f"{name} (a field of bot.settings.Settings) has no line in .env.example; add `{name}=...`")


@pytest.mark.parametrize("name", SETTINGS)
def test_setting_is_in_readme_table(name: str) -> None:
    """Each setting has a row in the README's settings table."""
    if name not in settings_table():
        pytest.fail(f"{name} (a field of bot.settings.Settings) has no row in the README's Settings table")


def test_docs_name_no_settings_the_code_lacks() -> None:
    """No stale names: every variable in the README table and ``.env.example`` is a real setting."""
    in_env = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE, re.MULTILINE))
    assert not in_env - set(SETTINGS), f".env.example has unknown settings: {sorted(in_env - set(SETTINGS))}"
    in_table = set(settings_table())
    assert not in_table - set(SETTINGS), f"README table has unknown settings: {sorted(in_table - set(SETTINGS))}"


def test_readme_defaults_match_the_code() -> None:
    """The README's Default column says what ``Settings`` really defaults to."""
    table = settings_table()
    for name, field in Settings.model_fields.items():
        if name not in table:
            continue  # reported by test_setting_is_in_readme_table
        default = field.default
        shown = table[name][1].strip("`")
        if default is None:
            assert shown == "", f"README gives {name} a default ({shown}) but it has none"
        else:
            if isinstance(default, bool):
                expected = str(default).lower()
            elif isinstance(default, float):
                expected = f"{default:g}"
            else:
                expected = str(default)
            shown, expected = (re.sub(r"\s*,\s*", ",", text) for text in (shown, expected))
            assert shown == expected, f"README says {name} defaults to {shown!r}; the code says {expected!r}"


@pytest.mark.parametrize("command", list(subcommands()))
def test_subcommand_is_in_readme(command: str) -> None:
    """Each ``ashby-bot`` sub-command is documented."""
    assert re.search(rf"\bashby-bot {command}\b", README), f"README never mentions `ashby-bot {command}`"


def test_readme_options_exist() -> None:
    """Every option the README's Command line block shows is accepted by that sub-command."""
    block = next((b for b in code_blocks(section(README, "Command line")) if "ashby-bot" in b), None)
    assert block, "README's Command line section has no ashby-bot block"
    parsers = subcommands()
    current: str | None = None
    for line in block.splitlines():
        if match := re.match(r"\s*ashby-bot (\w+)", line):
            current = match[1]
            assert current in parsers, f"README documents `ashby-bot {current}`, which bot/cli.py lacks"
        assert current is not None or "--" not in line, line
        known = {opt for action in parsers[current]._actions for opt in action.option_strings} if current else set()
        for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", line):
            assert option in known, f"README shows `ashby-bot {current} {option}`, which it does not accept"
