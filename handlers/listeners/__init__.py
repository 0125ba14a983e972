"""Slack listeners, registered the Bolt way: one listener per command, event and button, grouped by kind.

- ``commands``: ``/ashby``
- ``events``: @-mentions and direct messages
- ``actions``: one function per button payload (``blocks.payloads``)
- ``feedback_modal``: Submit feedback: the modal built from the interview's form, and its submission
- ``home``: the Home tab (``app_home_opened``) and its settings controls
- ``unfurls``: ``link_shared`` for app.ashbyhq.com links
- ``errors``: the one error handler (a reference id for the person, the traceback for the log)

Before any of them, ``handlers.validation.RefuseBroken`` drops signed requests whose structure is broken.
Adding a button is: a payload type in ``blocks/payloads.py``, a builder in ``blocks/``, a listener in
``actions``.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from ..services import Services
from ..validation import RefuseBroken
from . import actions, commands, errors, events, feedback_modal, home, unfurls
from .askers import KnowTheAsker


def register(app: AsyncApp, services: Services) -> None:
    """Attach every listener to ``app``."""
    app.use(RefuseBroken())
    app.use(KnowTheAsker(services.identity))
    commands.register(app, services)
    events.register(app, services)
    actions.register(app, services)
    home.register(app, services)
    feedback_modal.register(app, services)
    unfurls.register(app, services)
    errors.register(app)
