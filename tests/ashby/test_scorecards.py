"""The scorecard index over real HTTP: a full pass, then incremental passes that pick up new scorecards;
recommendations read through each submission's form, whether a Score or a ValueSelect."""

from collections.abc import AsyncIterator, Mapping
from typing import Any

from ashby import models as m
from ashby.client import AshbyClient
from ashby.forms import Verdict
from ashby.pagination import Sync, SyncBatch
from ashby.scorecards import ScorecardIndex


async def application_of(ashby: AshbyClient, email: str) -> str:
    (candidate,) = await ashby.candidate_search(email=email)
    return candidate.application_ids[0]


async def test_full_then_incremental(ashby: AshbyClient) -> None:
    index = ScorecardIndex(ashby)
    await index.refresh()
    assert index.ready.is_set() and len(index) > 0
    application = await application_of(ashby, "jane.doe@example.com")
    before = index.of(application)
    assert Verdict("Strong Hire", 4) in {card.recommendation for card in before}
    form = next(f for f in await ashby.feedback_form_definitions() if f.is_default_form)
    await ashby.application_feedback_submit(
        application,
        form.id,
        [
            {"path": "overall_recommendation", "value": {"score": 2}},
            {"path": "technical_skills", "value": {"score": 2}},
            {"path": "communication", "value": {"score": 3}},
            {"path": "notes", "value": {"type": "PlainText", "value": "Mixed signals."}},
        ],
    )
    await index.refresh()
    after = index.of(application)
    assert len(after) == len(before) + 1 and Verdict("No Hire", 2) in {card.recommendation for card in after}


async def test_a_value_select_recommendation_is_kept_with_its_label(ashby: AshbyClient) -> None:
    index = ScorecardIndex(ashby)
    await index.refresh()
    jon = index.of(await application_of(ashby, "jon.smith@example.com"))
    assert len(jon) == 2 and all(card.recommendation is not None for card in jon)
    assert {card.recommendation.label for card in jon if card.recommendation} <= {"Hire", "Strong Hire"}
    decision = next(f for f in await ashby.feedback_form_definitions() if f.title == "Hiring Decision Scorecard")
    application = await application_of(ashby, "alex.kim.design@example.com")
    await ashby.application_feedback_submit(
        application, decision.id, [{"path": "hiring_call", "value": "no_hire"}, {"path": "strengths", "value": []}]
    )
    await index.refresh()
    assert [card.recommendation for card in index.of(application)][-1] == Verdict("No Hire", 2)


class Passes:
    """A stand-in for the client: one full pass of the given submissions."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items

    async def sync(self, sync: Sync) -> AsyncIterator[SyncBatch]:
        yield SyncBatch(items=self.items, full=True, starts_pass=True)


async def test_a_submission_without_its_form_is_read_through_the_lookup() -> None:
    definition = {
        "sections": [
            {
                "fields": [
                    {
                        "field": {
                            "path": "call",
                            "title": "Verdict",
                            "type": "ValueSelect",
                            "selectableValues": [{"value": "y", "label": "Strong Yes"}],
                        }
                    }
                ]
            }
        ]
    }
    asked = []

    async def forms() -> Mapping[str, m.FeedbackFormDefinition]:
        asked.append(1)
        return {"form-1": m.FeedbackFormDefinition(id="form-1", form_definition=definition)}

    bare = {"id": "f1", "applicationId": "a1", "feedbackFormDefinitionId": "form-1", "submittedValues": {"call": "y"}}
    embedded = {**bare, "id": "f2", "formDefinition": definition, "submittedAt": "2025-11-20T10:00:00Z"}
    index = ScorecardIndex(Passes([bare, embedded]), forms=forms)  # type: ignore[arg-type]
    await index.refresh()
    assert [card.recommendation for card in index.of("a1")] == [Verdict("Strong Yes", 4)] * 2
    assert asked == [1]
