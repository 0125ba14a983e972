"""``ashby-bot demo``: the bot in this terminal, on the local stack (``bot/loopback``), no Slack or Ashby
account needed."""
