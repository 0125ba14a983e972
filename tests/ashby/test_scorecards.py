"""The scorecard index over real HTTP: a full pass, then incremental passes that pick up new scorecards."""

from ashby.client import AshbyClient
from ashby.scorecards import ScorecardIndex, score_of


async def test_full_then_incremental(ashby: AshbyClient) -> None:
    index = ScorecardIndex(ashby)
    await index.refresh()
    assert index.ready.is_set() and len(index) > 0
    (jane,) = await ashby.candidate_search(email="jane.doe@example.com")
    application = jane.application_ids[0]
    before = index.of(application)
    assert any(card.recommendation == 4 for card in before)
    form = next(f for f in await ashby.feedback_form_definitions() if f.is_default_form or f.form_definition)
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
    assert len(after) == len(before) + 1 and 2 in {card.recommendation for card in after}


def test_scores_are_read_in_either_shape() -> None:
    assert score_of({"score": 3}) == 3 and score_of(4) == 4 and score_of("2") == 2
    assert score_of(True) is None and score_of(9) is None and score_of(None) is None
