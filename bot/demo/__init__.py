"""Run the bot without a Slack workspace: a local Web API, signed Slack requests, Block Kit in a terminal.

Used by ``ashby-bot demo`` and by scenario tests; nothing here talks to the internet.
"""
