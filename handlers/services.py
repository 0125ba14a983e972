"""What the Slack listeners need, in one place, so registering them takes a single argument."""

from __future__ import annotations

from dataclasses import dataclass

from ashby.store import Store

from .answers import Answerer
from .approvals import Approvals
from .desk import Desk
from .feedback_modal import FeedbackModal
from .identity import Identity
from .notify.channel_commands import ChannelCommands
from .notify.preferences import Preferences
from .notify.subscriptions import Subscriptions
from .questions import Questions
from .writes import WriteFlow


@dataclass(frozen=True, slots=True)
class Services:
    answerer: Answerer
    writes: WriteFlow
    approvals: Approvals
    identity: Identity
    questions: Questions
    store: Store
    preferences: Preferences
    subscriptions: Subscriptions
    desk: Desk
    channel_commands: ChannelCommands
    feedback_modal: FeedbackModal
