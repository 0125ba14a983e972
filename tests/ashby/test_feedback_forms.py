"""Both kinds of scorecard end to end, from the sandbox through ``Recruiting`` to the cards: Jane Doe's
(a Score recommendation) and Jon Smith's (a ValueSelect one, on the hiring-decision form)."""

from datetime import UTC, datetime

from ashby.client import AshbyClient
from ashby.queries import Recruiting
from ashby.sandbox import Sandbox
from blocks import candidate_card, feedback_card
from tests.ashby.support import candidate_id, loaded_recruiting, viewer
from tests.blocks.factories import shown

NOW = datetime.now(UTC)
LABELS = ("Hire", "Strong Hire")


async def test_a_value_select_recommendation_shows_its_label_on_both_cards(
    recruiting: Recruiting, ashby: AshbyClient
) -> None:
    jon, asker = await candidate_id(ashby, "jon.smith@example.com"), await viewer(recruiting)
    card = await recruiting.candidate_card(jon, asker)
    latest = card.applications[0].latest_recommendation
    assert latest is not None and latest.label in LABELS and latest.score == LABELS.index(latest.label) + 3
    text = shown(candidate_card(card, now=NOW, tz=UTC, show_contact=False, share_value=None))
    assert f"💬 Latest feedback: {'🟢' * latest.score}" in text and f"*{latest.label}* ({latest.score}/4)" in text

    view = await recruiting.feedback(jon, asker)
    assert len(view.entries) == 2
    for entry in view.entries:
        assert entry.recommendation is not None and entry.recommendation.label in LABELS
        assert [score.title for score in entry.scores] == ["Craft"]
        assert {question for question, _ in entry.text} == {"Strengths", "Would work with again", "Summary"}
    private = shown(feedback_card(view, now=NOW, tz=UTC, show_text=True))
    assert "No overall recommendation" not in private
    assert "*Would work with again*\n> Yes" in private and "Excellent problem solving" in private
    public = shown(feedback_card(view, now=NOW, tz=UTC, show_text=False))
    assert "No overall recommendation" not in public and "Excellent problem solving" not in public


async def test_a_score_recommendation_still_reads_as_before(recruiting: Recruiting, ashby: AshbyClient) -> None:
    jane, asker = await candidate_id(ashby, "jane.doe@example.com"), await viewer(recruiting)
    card = await recruiting.candidate_card(jane, asker)
    latest = card.applications[0].latest_recommendation
    assert latest is not None and (latest.score, latest.label) == (4, "Strong Hire")
    view = await recruiting.feedback(jane, asker)
    assert all(e.recommendation and e.recommendation.label == "Strong Hire" for e in view.entries)
    assert {s.title for e in view.entries for s in e.scores} == {"Technical Skills", "Communication"}
    assert any("Excellent problem solving" in answer for e in view.entries for _, answer in e.text)


async def test_without_the_scorecard_index_the_same_recommendations_come_live(
    ashby: AshbyClient, sandbox: Sandbox
) -> None:
    recruiting = await loaded_recruiting(ashby, sandbox)
    indexed = [
        await recruiting.latest_recommendation(app)
        for email in ("jon.smith@example.com", "jane.doe@example.com")
        for app in (await ashby.candidate_info(await candidate_id(ashby, email))).application_ids
    ]
    recruiting.scorecards = None
    live = [
        await recruiting.latest_recommendation(app)
        for email in ("jon.smith@example.com", "jane.doe@example.com")
        for app in (await ashby.candidate_info(await candidate_id(ashby, email))).application_ids
    ]
    assert [(r.score, r.label, r.at) for r in live if r] == [(r.score, r.label, r.at) for r in indexed if r]
    assert all(live)
