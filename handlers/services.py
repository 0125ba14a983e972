"""What the Slack listeners need, in one place, so registering them takes a single argument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ashby.store import Store

from .answers import Answerer
from .identity import Identity


@dataclass(frozen=True, slots=True)
class Services:
    answerer: Answerer
    identity: Identity
    store: Store
    clock: Callable[[], datetime]
