"""``ashby-bot demo`` with piped input, run as a user would: a subprocess, a terminal that is not a tty.

The transcript is split at each echoed prompt (``priya> /ashby jane doe``) so every check looks only at
the answer to its own line. Subprocesses run in a temp directory (no ``.env``, no ``tests/bot`` package
in the way) with a controlled environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = "300"
DEMO_TIMEOUT = 120
SCRIPT = [
    "/ashby jane doe",
    "1",
    "@ashby where is jon smith?",
    "as guest",
    "/ashby jane doe",
    "as nobody",
    "99",
    "quit",
]
PROMPT = re.compile(r"^(?P<who>[a-z]+)> (?P<line>.*)$", re.MULTILINE)
ANSI = re.compile(r"\x1b\[?[0-9;?]*[A-Za-z]?")
RICH_MARKUP = re.compile(r"\[/?(?:bold|red|dim|cyan|green|yellow|italic|link)\b")
BOX_DRAWING = re.compile(r"[\u2500-\u257f]")
#: What an answer must not be: errors, refusals and silence.
FAILURES = (
    "(no answer)",
    "There is no button",
    "Something went wrong",
    "isn't available any more",
    "Not available to you",
    "the bot answered HTTP",
)


@dataclass(frozen=True)
class Run:
    """One finished ``ashby-bot`` process."""

    returncode: int
    stdout: str
    stderr: str

    def explain(self) -> str:
        return f"exit {self.returncode}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


@dataclass(frozen=True)
class Turn:
    """One echoed input line and everything printed after it, up to the next prompt."""

    who: str
    line: str
    raw: str

    @property
    def text(self) -> str:
        """The answer with card borders removed and rich's line wrapping undone."""
        return " ".join(BOX_DRAWING.sub(" ", self.raw).split())


def plain_env(home: Path) -> dict[str, str]:
    """A controlled environment: this checkout on the path, a colour-capable TERM, and no bot settings."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",  # colours are possible; piped output must still be plain
    }


def run_bot(args: list[str], cwd: Path, stdin: str = "", timeout: float = DEMO_TIMEOUT) -> Run:
    """``python -m bot ARGS`` with ``stdin`` piped in."""
    completed = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=plain_env(cwd),
        timeout=timeout,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def turns(stdout: str) -> list[Turn]:
    """Split a piped-demo transcript at its echoed prompts."""
    matches = list(PROMPT.finditer(stdout))
    ends = [m.start() for m in matches[1:]] + [len(stdout)]
    return [Turn(m["who"], m["line"].strip(), stdout[m.end() : end]) for m, end in zip(matches, ends, strict=True)]


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The README's piped demo, once for the module."""
    stdin = "".join(f"{line}\n" for line in SCRIPT)
    return run_bot(["demo", "--candidates", CANDIDATES], tmp_path_factory.mktemp("demo"), stdin)


@pytest.fixture(scope="module")
def transcript(scripted: Run) -> dict[str, Turn]:
    """Each turn of the scripted run, keyed by ``who> line``; fails if a line was not processed."""
    assert scripted.returncode == 0, scripted.explain()
    by_prompt = {f"{t.who}> {t.line}": t for t in turns(scripted.stdout)}
    expected = [
        "priya> /ashby jane doe",
        "priya> 1",
        "priya> @ashby where is jon smith?",
        "priya> as guest",
        "guest> /ashby jane doe",
        "guest> as nobody",
        "guest> 99",
    ]
    assert list(by_prompt) == expected, scripted.explain()
    return by_prompt


def test_piped_demo_exits_cleanly(scripted: Run) -> None:
    """``quit`` ends the demo with exit 0 and nothing alarming on either stream."""
    assert scripted.returncode == 0, scripted.explain()
    for stream in (scripted.stdout, scripted.stderr):
        assert "Traceback" not in stream, scripted.explain()
        assert "Something went wrong" not in stream, scripted.explain()
    assert "Ashby for Slack — demo" in scripted.stdout
    assert "Priya Natarajan" in scripted.stdout


def test_piped_output_is_plain_text(scripted: Run) -> None:
    """No ANSI escapes, spinner carriage returns or leftover rich markup when stdout is a pipe."""
    for name, stream in (("stdout", scripted.stdout), ("stderr", scripted.stderr)):
        escapes = ANSI.findall(stream)
        assert not escapes, f"{name} has ANSI escape codes {escapes[:5]} although it is piped"
        assert "\r" not in stream, f"{name} has carriage returns (a spinner?) although it is piped"
        markup = RICH_MARKUP.findall(stream)
        assert not markup, f"{name} shows rich markup {markup[:5]} instead of rendering it"


def test_candidate_card_shows_the_facts(transcript: dict[str, Turn]) -> None:
    """``/ashby jane doe`` answers privately with the candidate card and numbered buttons."""
    card = transcript["priya> /ashby jane doe"].text
    assert "Jane Doe" in card
    assert "Senior Backend Engineer" in card
    assert re.search(r"\b\d+ days? in \w", card), f"no 'N days in <stage>' on the card: {card}"
    assert "only you can see this" in card
    assert re.search(r"\[1: [^\]]+\]", card), f"the card has no button numbered 1: {card}"


def test_pressing_a_number_answers(transcript: dict[str, Turn]) -> None:
    """Typing ``1`` presses the card's first control (a menu's first choice) and a real answer arrives."""
    card = transcript["priya> /ashby jane doe"].text
    button = re.search(r"\[1: (?P<label>[^\]]+)\]", card)
    assert button, card
    label = button["label"]
    menu = re.search(r"\b1 ▾ (?P<first>[^·]+?)(?: · |$)", card)
    pressed = menu["first"].strip() if menu and label.endswith(("⋯", "▾")) else label
    answer = transcript["priya> 1"]
    assert "╭" in answer.raw, f"pressing 1 ({pressed}) drew no card: {answer.text!r}"
    for failure in FAILURES:
        assert failure not in answer.text, f"pressing 1 ({pressed}) answered {answer.text!r}"
    if pressed == "Pipeline":
        assert "Senior Backend Engineer" in answer.text and "active candidates" in answer.text, answer.text


def test_mention_answers_in_the_thread(transcript: dict[str, Turn]) -> None:
    """An @-mention finds the candidate and answers in the channel thread."""
    answer = transcript["priya> @ashby where is jon smith?"].text
    assert "Jon Smith" in answer
    assert "in the thread" in answer


def test_guest_is_refused(transcript: dict[str, Turn]) -> None:
    """A Slack user with no Ashby account gets a refusal and none of the candidate's details."""
    assert "You are now Gus Guest" in transcript["priya> as guest"].text
    refusal = transcript["guest> /ashby jane doe"].text
    assert "doesn't match a user in Ashby" in refusal
    assert "Jane Doe" not in refusal
    assert "jane.doe@" not in refusal


def test_unknown_person_and_missing_button_are_explained(transcript: dict[str, Turn]) -> None:
    """``as nobody`` and a button number that is not on screen each get one clear line."""
    unknown = transcript["guest> as nobody"].text
    assert "No demo person called 'nobody'" in unknown
    assert "priya" in unknown and "guest" in unknown
    missing = transcript["guest> 99"].text
    assert re.search(r"There is no button\b.*\b99\b", missing), f"pressing 99 answered {missing!r}"


def test_as_dana_and_end_of_input(tmp_path: Path) -> None:
    """``--as dana`` starts as Dana; the demo also ends cleanly at end of input, without ``quit``."""
    run = run_bot(["demo", "--candidates", CANDIDATES, "--as", "dana"], tmp_path, "/ashby jane doe\n")
    assert run.returncode == 0, run.explain()
    assert "Traceback" not in run.stdout + run.stderr, run.explain()
    assert "You are Dana Whitfield" in run.stdout
    by_prompt = {f"{t.who}> {t.line}": t for t in turns(run.stdout)}
    assert list(by_prompt) == ["dana> /ashby jane doe"], run.explain()
    assert "Jane Doe" in by_prompt["dana> /ashby jane doe"].text, run.explain()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "nobody"], "ashby-bot: --as must be one of priya, dana, morgan, tomas, sam, guest"),
        (["--candidates", "0"], "ashby-bot: --candidates must be between 1 and 200000"),
    ],
)
def test_bad_arguments_give_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    """A bad option exits 2 with one line on stderr, before anything starts."""
    run = run_bot(["demo", *args], tmp_path, timeout=30)
    assert run.returncode == 2, run.explain()
    assert run.stderr.splitlines() == [message], run.explain()
    assert run.stdout == "", run.explain()


def test_the_demo_draws_mentions_as_names() -> None:
    """Cards @-mention approvers; the terminal shows them as Slack would, by name."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--candidates", "200"],
        input="/ashby offers pending\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "waiting on @Morgan Lee" in result.stdout and "@U0MORGAN" not in result.stdout


#: Issue 9 in the demo: subscribe the channel, move a candidate, see who was told; the Home tab; a pasted link.
EVENTS_SCRIPT = [
    "/ashby subscribe senior backend engineer",
    "/ashby move jane doe to reference check",
    "1",
    "home",
    "as dana",
    "home",
    "https://app.ashbyhq.com/jobs/808ea779-dae8-52c3-8a74-04adfeb6526f",
    "quit",
]


@pytest.fixture(scope="module")
def events_transcript(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Turn]:
    stdin = "".join(f"{line}\n" for line in EVENTS_SCRIPT)
    run = run_bot(["demo", "--candidates", CANDIDATES], tmp_path_factory.mktemp("demo-events"), stdin)
    assert run.returncode == 0, run.explain()
    assert "Traceback" not in run.stdout + run.stderr, run.explain()
    return {f"{t.who}> {t.line}": t for t in turns(run.stdout)}


def test_a_move_in_the_demo_shows_the_channel_post_and_the_teams_dms(events_transcript: dict[str, Turn]) -> None:
    subscribed = events_transcript["priya> /ashby subscribe senior backend engineer"].text
    assert "Subscribed" in subscribed and "in the channel" in subscribed
    moved = events_transcript["priya> 1"].text
    assert "Moved Jane Doe to Reference Check" in moved
    assert "posted in #recruiting" in moved and "moved to Reference Check" in moved
    assert "Dana Whitfield got a DM" in moved and "Jordan Blake got a DM" in moved
    assert "Priya Natarajan got a DM" not in moved  # she made the move


def test_the_home_tab_renders_for_each_person_in_the_demo(events_transcript: dict[str, Turn]) -> None:
    for who in ("priya", "dana"):
        home = events_transcript[f"{who}> home"].text
        assert "your Home tab" in home and "Your interviews" in home and "Your notifications" in home, home


def test_a_pasted_ashby_link_unfurls_in_the_demo(events_transcript: dict[str, Turn]) -> None:
    card = events_transcript["dana> https://app.ashbyhq.com/jobs/808ea779-dae8-52c3-8a74-04adfeb6526f"].text
    assert "unfurl" in card and "Senior Backend Engineer" in card and "active" in card, card


#: Issue 10 in the demo: Dana's next interview's briefing, her scorecard through the modal, no reminder after,
#: and the debrief card once the other panelist's reminders have run out.
LOOP_SCRIPT = ["as dana", "clock next", "1", "fill 1 3", "submit", "clock +5h", "clock +8d", "quit"]


@pytest.fixture(scope="module")
def loop_transcript(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Turn]:
    stdin = "".join(f"{line}\n" for line in LOOP_SCRIPT)
    run = run_bot(["demo", "--candidates", CANDIDATES], tmp_path_factory.mktemp("demo-loop"), stdin)
    assert run.returncode == 0, run.explain()
    assert "Traceback" not in run.stdout + run.stderr, run.explain()
    return {f"{t.who}> {t.line}": t for t in turns(run.stdout)}


def test_the_demo_briefs_takes_the_scorecard_stops_reminding_and_debriefs(loop_transcript: dict[str, Turn]) -> None:
    briefing = loop_transcript["dana> clock next"].text
    assert "a notification to you" in briefing and "Coming up" in briefing and "Submit feedback" in briefing
    form = loop_transcript["dana> 1"].text
    assert "Overall Recommendation" in form and "fill 1 3" in form
    assert "Submitted" in loop_transcript["dana> submit"].text
    after = loop_transcript["dana> clock +5h"].text  # the interview is over and reminders are due: not hers
    profile = re.search(r"https://app\.ashbyhq\.com/candidates/[0-9a-f-]+", briefing)
    assert profile is not None, briefing
    assert not re.search(r"scorecard for [^(]*\(" + re.escape(profile[0]), after), after
    # The debrief comes when the last scorecard is in (at once for a one-person interview), or with the other
    # panelist's still missing once their reminders have run out (which interview comes next depends on the hour).
    assert "Debrief" in after + loop_transcript["dana> clock +8d"].text
