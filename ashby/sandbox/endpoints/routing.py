"""How handler modules declare which Ashby endpoint each function answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ashby.registry import endpoints
from ashby.sandbox.context import Context
from ashby.sandbox.params import Params

Handler = Callable[[Context, Params], Awaitable[object]]


class Routes:
    """One module's handlers by endpoint name; names must be documented endpoints."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}

    def __call__(self, name: str) -> Callable[[Handler], Handler]:
        if name not in endpoints():
            raise ValueError(f"{name} is not a documented Ashby endpoint")

        def register(handler: Handler) -> Handler:
            self.handlers[name] = handler
            return handler

        return register
