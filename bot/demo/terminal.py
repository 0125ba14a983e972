"""``ashby-bot demo``: talk to the bot in a terminal, as if in Slack.

Type what you would type in Slack; answers are drawn below, with each button numbered so you can
press it by typing its number. Works interactively and with piped input (each line is echoed).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sys
from datetime import timedelta
from typing import Any, TextIO, cast

from rich.console import Console

from bot.loopback.local_slack import SlackMessage
from bot.loopback.render import print_message
from bot.loopback.session import PEOPLE, DemoSession, Exchange

BANNER = """[bold]Ashby for Slack — demo[/bold]
A sandbox Ashby with {candidates:,} candidates and a stand-in Slack workspace are running locally.
You are [bold]{name}[/bold] in #recruiting. Try:
  /ashby jane doe                      /ashby job REQ-1042          /ashby interviews today me
  @ashby where is jon smtih in the process?     @ashby any offers waiting for approval?
  1  (press button 1)     3 withdrew  (choose "Withdrew" in menu 3)     as dana  (be someone else: {people})
  /ashby move jane doe to reference check    /ashby reject jon smith    /ashby approvals    help    quit
  /ashby subscribe all jobs  (this channel hears about moves, applications, offers, hires)
  clock next  (to 15 minutes before your next interview: its briefing arrives)    clock +2h  (move the time)
  /ashby notifications    home  (your Home tab)    https://app.ashbyhq.com/jobs/<id>  (paste a link: it unfurls)"""

KIND_TITLES = {
    "ephemeral": "only you can see this",
    "response": "only you can see this",
    "message": "in the channel",
    "update": "updated",
}


def run(*, seed: int, candidates: int, user: str, stdin: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    console = Console(highlight=False, soft_wrap=False)
    return asyncio.run(_main(console, stdin, seed=seed, candidates=candidates, user=user))


async def _main(console: Console, stdin: TextIO, *, seed: int, candidates: int, user: str) -> int:
    interactive = stdin.isatty()
    starting = console.status("Starting the sandbox Ashby and indexing candidates…")
    with starting if interactive else contextlib.nullcontext():
        session = DemoSession(seed=seed, candidates=candidates, user=user, notifications=True)
        await session.__aenter__()
    try:
        console.print(BANNER.format(candidates=candidates, name=session.user.real_name, people=", ".join(PEOPLE)))
        _announce_dms(console, session)
        while True:
            line = await _read_line(stdin, console, interactive, session.user.name)
            if line is None or line.strip() in ("quit", "exit", ":q"):
                return 0
            line = line.strip()
            if not line:
                continue
            if not interactive:
                console.print(f"[bold cyan]{session.user.name}>[/bold cyan] {line}")
            if line in ("help", "?"):
                console.print(
                    BANNER.format(candidates=candidates, name=session.user.real_name, people=", ".join(PEOPLE))
                )
                continue
            if line.startswith("as "):
                name = line[3:].strip().lower()
                if name not in PEOPLE:
                    console.print(f"[red]No demo person called {name!r}.[/red] Choose from: {', '.join(PEOPLE)}")
                    continue
                person = session.switch_user(name)
                console.print(f"You are now [bold]{person.real_name}[/bold].")
                _announce_dms(console, session)
                continue
            if line == "home":
                await _show_home(console, session)
                continue
            if session.form is not None and (line.split() or [""])[0] in ("fill", "submit", "close"):
                await _form_command(console, session, line)
                continue
            if line == "clock" or line.startswith("clock "):
                await _move_clock(console, session, line[5:].strip())
                continue
            mark = len(session.slack.messages)
            form_before = session.form
            try:
                exchange = await session.say(line)
            except KeyError as exc:
                console.print(f"[red]There is no button or menu choice {exc.args[0]!r} on screen.[/red]")
                continue
            except RuntimeError as exc:
                console.print(f"[red]{exc}[/red]")
                continue
            if not exchange.messages and session.form is form_before:
                console.print("[dim](no answer)[/dim]")
            _print(console, session, exchange)
            if session.form is not None and session.form is not form_before:
                _show_form(console, session)
            await _show_elsewhere(console, session, mark, exchange)
    finally:
        await session.__aexit__(None, None, None)


def _named(message: dict[str, Any], session: DemoSession) -> dict[str, Any]:
    """Mentions drawn as names, as Slack shows them ("@Morgan Lee", not "@U0MORGAN")."""

    def name(found: re.Match[str]) -> str:
        shown = session.slack.real_name(found.group(1)) or found.group(1)
        return f"<@{found.group(1)}|{json.dumps(shown)[1:-1]}>"

    return cast(dict[str, Any], json.loads(_MENTION.sub(name, json.dumps(message))))


_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")


_SPAN = re.compile(r"^\+?(\d+)\s*([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


async def _move_clock(console: Console, session: DemoSession, span: str) -> None:
    """``clock +45m`` / ``clock +2h`` / ``clock +1d``: move the bot's time and show what fell due;
    ``clock next``: to a quarter of an hour before your next interview."""
    if span == "next":
        mark = len(session.slack.messages)
        start = await session.to_next_interview()
        if start is None:
            console.print("[dim](you have no interviews in the next two weeks: try as dana)[/dim]")
        await _show_elsewhere(console, session, mark, Exchange(messages=[]))
    elif span:
        found = _SPAN.match(span.replace(" ", ""))
        if found is None:
            console.print("[red]Move the clock like this:[/red] clock +15m, clock +2h, clock +1d, clock next")
            return
        mark = len(session.slack.messages)
        await session.advance(timedelta(**{_UNITS[found[2]]: int(found[1])}))
        await _show_elsewhere(console, session, mark, Exchange(messages=[]))
    console.print(f"🕑 It is now {session.clock().strftime('%a %b %d, %H:%M')} UTC for the bot.")


def _show_form(console: Console, session: DemoSession) -> None:
    """The modal the bot opened, and how to fill it in from here."""
    form = session.form
    if form is None:
        return
    title = str(form.view.get("title", {}).get("text", "Form"))
    print_message(console, _named({"text": title, "blocks": form.view.get("blocks", [])}, session), title=title)
    for field in form.fields:
        choices = (
            f" ({' · '.join(f'{n}. {label}' for n, (label, _) in enumerate(field.options, 1))})"
            if field.options
            else ""
        )
        console.print(f"  {field.number}. {field.label}{'' if field.optional else ' *'}{choices}")
    console.print(
        "Fill it in with [bold]fill 1 3[/bold] (field 1, answer 3), then [bold]submit[/bold] or [bold]close[/bold]."
    )


async def _form_command(console: Console, session: DemoSession, line: str) -> None:
    word, _, rest = line.partition(" ")
    form = session.form
    assert form is not None
    if word == "fill":
        number, _, answer = rest.strip().partition(" ")
        try:
            form.fill(int(number), answer)
        except (KeyError, ValueError) as exc:
            console.print(f"[red]{exc}[/red]")
        return
    mark = len(session.slack.messages)
    if word == "close":
        exchange = await session.close_form()
        console.print("Closed. The bot keeps what you entered as a draft for a day.")
    else:
        exchange, errors = await session.submit_form()
        for label, error in errors.items():
            console.print(f"[red]{label}: {error}[/red]")
        if session.form is not None and not errors:
            _show_form(console, session)
        elif not errors:
            console.print("✅ Submitted.")
    _print(console, session, exchange)
    await _show_elsewhere(console, session, mark, exchange)


async def _show_home(console: Console, session: DemoSession) -> None:
    exchange = await session.open_home()
    if not exchange.messages:
        console.print("[dim](the bot published no Home tab)[/dim]")
    _print(console, session, exchange)


def _print(console: Console, session: DemoSession, exchange: Exchange) -> None:
    number = min(exchange.controls, default=1)
    for message in exchange.messages:
        shown = print_message(
            console,
            _named({"text": message.text, "blocks": message.blocks}, session),
            title=_title(message),
            start_number=number,
        )
        number += len(shown)


async def _show_elsewhere(console: Console, session: DemoSession, mark: int, exchange: Exchange) -> None:
    """Notifications a line caused: posts in the channel and DMs to you (pressable), and one line per DM
    to someone else, as their Slack would show it."""
    with contextlib.suppress(TimeoutError):
        await session.notifications_settled()
    mine, others = session.arrived_since(mark, exchange)
    number = min(mine.controls, default=1)
    for message in mine.messages:
        title = "a notification to you" if message.channel.startswith("D") else "posted in #recruiting"
        if message.kind == "update":
            title = "a message to you was updated"
        shown = print_message(
            console, _named({"text": message.text, "blocks": message.blocks}, session), title=title, start_number=number
        )
        number += len(shown)
    for message in others:
        who = session.slack.real_name(message.channel.replace("D", "U", 1)) or message.channel
        what = "a DM was updated" if message.kind == "update" else "got a DM"
        console.print(f"📨 [bold]{who}[/bold] {what}: {message.text}")


def _announce_dms(console: Console, session: DemoSession) -> None:
    waiting = session.waiting_dms()
    if waiting:
        console.print(
            f"📬 {waiting} direct message(s) from the bot, e.g. offers to approve: try [bold]/ashby approvals[/bold]"
        )


def _title(message: SlackMessage) -> str:
    if message.kind == "home":
        return "your Home tab"
    where = KIND_TITLES.get(message.kind, message.kind)
    if message.channel.startswith("D") and message.kind == "message":
        where = "a direct message to you"
    if message.kind == "response" and message.response_type == "in_channel":
        where = "shared in the channel"
    if message.thread_ts:
        where += ", in the thread"
    return where


async def _read_line(stdin: TextIO, console: Console, interactive: bool, who: str) -> str | None:
    if interactive:
        try:
            return await asyncio.to_thread(console.input, f"[bold cyan]{who}>[/bold cyan] ")
        except EOFError:
            return None
    line = await asyncio.to_thread(stdin.readline)
    return line if line else None
