"""``ashby-bot``: the command line (also ``python -m bot``).

argparse from the standard library is enough for four sub-commands and keeps start-up fast.
Every failure a user can cause ends in one clear line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ashby-bot",
        description="A Slack assistant for recruiting teams on Ashby.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP)")
    serve.add_argument("--host", default="0.0.0.0", help="interface to listen on in HTTP mode")
    demo = commands.add_parser("demo", help="try the bot in this terminal: no Slack or Ashby account needed")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--candidates", type=int, default=3000)
    demo.add_argument("--as", dest="user", default="priya", help="who you are: priya, dana, morgan, tomas, sam, guest")
    commands.add_parser("doctor", help="check settings, the Ashby key, the Slack token and Redis")

    sandbox = commands.add_parser("sandbox", help="serve the sandbox Ashby API (no Ashby account needed)")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--api-key", default="sandbox", help="the key with every permission (default: sandbox)")
    sandbox.add_argument("--seed", type=int, default=7, help="seed for the generated organisation")
    sandbox.add_argument("--candidates", type=int, default=3000, help="how many candidates to generate")
    sandbox.add_argument("--latency-ms", type=int, default=0, help="add this latency to every call")
    sandbox.add_argument("--webhook-url", help="send signed Ashby webhooks for writes to this URL")
    sandbox.add_argument("--webhook-secret", help="the secret to sign webhooks with")
    return parser


def _run_sandbox(args: argparse.Namespace) -> int:
    from ashby.sandbox import serve

    if not 1 <= args.candidates <= 200_000:
        raise SettingsError(["--candidates must be between 1 and 200000"])
    if bool(args.webhook_url) != bool(args.webhook_secret):
        raise SettingsError(["--webhook-url and --webhook-secret go together"])
    serve(
        port=args.port,
        host=args.host,
        api_key=args.api_key,
        seed=args.seed,
        candidates=args.candidates,
        latency_ms=args.latency_ms,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
    )
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from . import logs
    from .app import build_bot
    from .server import run_http, run_socket_mode
    from .settings import load_settings

    settings = load_settings(require=("SLACK_BOT_TOKEN", "ASHBY_API_KEY"))
    if not settings.socket_mode and not settings.SLACK_SIGNING_SECRET:
        raise SettingsError(
            ["SLACK_SIGNING_SECRET is missing: HTTP mode needs it (or set SLACK_APP_TOKEN for Socket Mode)"]
        )
    logs.configure(settings.LOG_LEVEL)
    bot = build_bot(settings)
    runner = run_socket_mode if settings.socket_mode else run_http
    asyncio.run(runner(bot, host=args.host, port=settings.PORT))
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    from .demo import terminal
    from .loopback.session import PEOPLE

    if args.user not in PEOPLE:
        raise SettingsError([f"--as must be one of {', '.join(PEOPLE)}"])
    if not 1 <= args.candidates <= 200_000:
        raise SettingsError(["--candidates must be between 1 and 200000"])
    return terminal.run(seed=args.seed, candidates=args.candidates, user=args.user)


def _run_doctor(args: argparse.Namespace) -> int:
    from . import doctor

    return doctor.run()


RUNNERS = {"serve": _run_serve, "demo": _run_demo, "doctor": _run_doctor, "sandbox": _run_sandbox}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return RUNNERS[args.command](args)
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"ashby-bot: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # e.g. the port is taken
        print(f"ashby-bot: {exc.strerror or exc}", file=sys.stderr)
        return 1
