"""Which signed requests are too broken to hand to a listener (pure checks)."""

import pytest

from handlers.validation import fault

ACTION = {
    "type": "block_actions",
    "user": {"id": "U1"},
    "response_url": "https://hooks.slack.com/actions/x",
    "actions": [{"action_id": "ashby_candidate", "value": "c1"}],
}


def test_well_formed_requests_pass() -> None:
    assert fault(ACTION) is None
    assert fault({**ACTION, "actions": [{"action_id": "x", "selected_option": {"value": "v"}}]}) is None
    event = {"type": "event_callback", "event": {"type": "app_mention", "channel": "C1", "user": "U1", "text": "hi"}}
    assert fault(event) is None
    assert fault({"type": "event_callback", "event": {"type": "reaction_added"}}) is None
    command = {"command": "/ashby", "user_id": "U1", "text": "", "response_url": "https://hooks.slack.com/c"}
    assert fault(command) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "body"),
        (None, "body"),
        ({**ACTION, "actions": []}, "actions"),
        ({**ACTION, "actions": {"action_id": "x"}}, "actions"),
        ({**ACTION, "actions": ["x"]}, "actions"),
        ({**ACTION, "actions": [{"value": "x"}]}, "action_id"),
        ({**ACTION, "actions": [{"action_id": "x", "value": 5}]}, "value"),
        ({**ACTION, "actions": [{"action_id": "x", "selected_option": "v"}]}, "selected_option"),
        ({**ACTION, "user": "U1"}, "user"),
        ({**ACTION, "response_url": None}, "response_url"),
        ({**ACTION, "response_url": "javascript:alert(1)"}, "response_url"),
        ({"type": "event_callback", "event": "x"}, "event"),
        ({"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}}, "channel"),
        ({"type": "event_callback", "event": {"type": "message", "channel": "D1", "text": ["x"]}}, "text"),
        ({"type": "event_callback", "event": {"type": "message", "channel": "D1", "user": {"id": 1}}}, "user"),
        ({"command": "/ashby", "text": "x", "response_url": "https://h"}, "user_id"),
        ({"command": "/ashby", "user_id": "U1", "text": 3, "response_url": "https://h"}, "text"),
    ],
)
def test_broken_requests_name_the_field_at_fault(body: object, field: str) -> None:
    assert fault(body) == field
