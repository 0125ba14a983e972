"""The bot's local stack, all on loopback: a stand-in Slack Web API (``local_slack``), requests signed the way
Slack signs them (``slack_requests``), a session that runs the real bot against the sandbox Ashby and that
stand-in (``session``), and Block Kit drawn as text (``render``).

The scenario tests, the benchmarks and ``ashby-bot demo`` (``bot/demo``, the terminal UI) all use it;
nothing here talks to the internet.
"""
