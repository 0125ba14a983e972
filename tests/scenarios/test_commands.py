"""Every /ashby command, answered ephemerally through the response_url."""

import pytest

from bot.loopback.session import DemoSession

from .conftest import kinds, text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_help_and_bare_command(priya: DemoSession) -> None:
    for line in ("", "help"):
        exchange = await priya.command(line)
        assert kinds(exchange) == ["response:ephemeral"]
        shown = text(exchange)
        assert "/ashby job REQ-1042" in shown and "/ashby interviews today me" in shown


async def test_a_typo_of_a_command_suggests_it(priya: DemoSession) -> None:
    shown = text(await priya.command("intervews"))
    assert "Did you mean /ashby interviews?" in shown


async def test_candidate_card(priya: DemoSession) -> None:
    for line in ("jane doe", "candidate Jane Doe", "jane.doe@example.com", "doe jane", "JANE DOE"):
        exchange = await priya.command(line)
        shown = text(exchange)
        assert kinds(exchange) == ["response:ephemeral"], line
        assert "Jane Doe" in shown and "Senior Backend Engineer" in shown, line
    assert "6 days in Onsite" in shown
    assert "Recruiter: Priya Natarajan" in shown and "Hiring manager: Dana Whitfield" in shown
    assert "jane.doe@example.com" in shown  # contact details: the asker only
    assert "Strong Hire" in shown and "Referral" in shown
    assert "Open in Ashby" in shown and "Share in channel" in shown


async def test_accents_and_scripts(priya: DemoSession) -> None:
    assert "José Álvarez" in text(await priya.command("jose alvarez"))
    assert "Łukasz Żółć" in text(await priya.command("lukasz zolc"))
    assert "李伟" in text(await priya.command("李伟"))
    assert "Анна Петрова" in text(await priya.command("anna petrova"))  # Cyrillic read in Latin letters
    assert "Анна Петрова" in text(await priya.command("Анна Петрова"))
    assert "Mary-Jane Watson-Parker" in text(await priya.command("mary jane watson parker"))


async def test_ambiguous_names_get_a_picker_and_the_choice_replaces_it(priya: DemoSession) -> None:
    exchange = await priya.command("alex kim")
    shown = text(exchange)
    assert "Which one did you mean?" in shown and "Frontend Engineer" in shown and "Product Designer" in shown
    picks = [n for n, (control, _) in exchange.controls.items() if control.action_id == "ashby_candidate"]
    assert len(picks) == 2
    chosen = await priya.press(picks[0])
    (reply,) = chosen.messages
    assert reply.replace_original and "Alex Kim" in text(chosen) and "days in" in text(chosen)


async def test_unknown_name_says_so_with_the_closest(priya: DemoSession) -> None:
    shown = text(await priya.command("zzqx wwvv"))
    assert "No candidate matches" in shown
    shown = text(await priya.command("Janet Doerr"))
    assert "Jane Doe" in shown


async def test_pipeline_by_requisition_id_and_title(priya: DemoSession) -> None:
    for line in ("job REQ-1042", "pipeline backend", "job req 1042", "pipeline Senior Backend Engineer"):
        shown = text(await priya.command(line))
        assert "Senior Backend Engineer" in shown and "REQ-1042" in shown, line
        assert "Onsite" in shown and "▇" in shown and "Waiting longest" in shown, line
    assert shown.index("Recruiter Screen") < shown.index("Onsite") < shown.index("Offer")


async def test_jobs_grouped_by_department(priya: DemoSession) -> None:
    shown = text(await priya.command("jobs"))
    assert "Engineering" in shown and "Design" in shown and "Product Designer" in shown
    assert "active candidates" in shown
    assert "VP of Finance" not in shown  # confidential, and Priya is not on its hiring team
    assert "Marketing Manager" not in shown  # closed


async def test_interviews_today_tomorrow_week_for_me_someone_and_a_candidate(priya: DemoSession) -> None:
    shown = text(await priya.command("interviews today"))
    assert "Interviews today" in shown and "Jane Doe" in shown and "Dana Whitfield ⏳" in shown
    assert "Tomás Herrera ✅" in shown
    shown = text(await priya.command("interviews tomorrow <@U0DANA|dana>"))
    assert "Interviews for Dana Whitfield tomorrow" in shown
    shown = text(await priya.command("interviews this week alex.kim@example.com"))
    assert "Alex Kim" in shown and "Technical Interview" in shown
    shown = text(await priya.command("interviews this week me"))
    assert "Your interviews in the next 7 days" in shown


async def test_interviews_of_an_unmapped_person(priya: DemoSession) -> None:
    shown = text(await priya.command("interviews today <@U0GUEST|guest>"))
    assert "isn't linked to an Ashby user" in shown


async def test_feedback_with_text_for_the_asker(priya: DemoSession) -> None:
    shown = text(await priya.command("feedback jane doe"))
    assert "Feedback · Jane Doe" in shown and "Tomás Herrera" in shown and "Strong Hire (4/4)" in shown
    assert "Still waiting on" in shown and "Dana Whitfield" in shown
    assert "Excellent problem solving" in shown  # the text, to the asker only


async def test_offers_and_pending_offers(priya: DemoSession) -> None:
    shown = text(await priya.command("offers pending"))
    assert "Offers waiting for approval" in shown and "Elena Rossi" in shown
    assert "Step 2 of 2" in shown and "@U0MORGAN" in shown and "185,000" in shown  # the approver, @-mentioned
    assert "Marcus Johnson" not in shown
    assert "Marcus Johnson" in text(await priya.command("offers"))


async def test_stale_overall_and_for_a_job(priya: DemoSession) -> None:
    shown = text(await priya.command("stale"))
    assert "Longest in their stage" in shown and "days in" in shown
    shown = text(await priya.command("stale product designer"))
    assert "Product Designer" in shown


async def test_share_posts_a_public_version_without_contact_details(priya: DemoSession) -> None:
    exchange = await priya.command("jane doe")
    share = next(n for n, (control, _) in exchange.controls.items() if control.action_id == "ashby_share")
    shared = await priya.press(share)
    assert kinds(shared) == ["response:in_channel"]
    shown = text(shared)
    assert "Jane Doe" in shown and "jane.doe@example.com" not in shown and "+1" not in shown


async def test_card_buttons_open_feedback_and_pipeline(priya: DemoSession) -> None:
    exchange = await priya.command("jane doe")
    by_action = {
        control.action_id: n
        for n, (control, _) in exchange.controls.items()
        if control.kind != "button" or control.action_id != "ashby_card_action"
    }
    assert "Feedback · Jane Doe" in text(await priya.press(by_action["ashby_feedback"]))
    # Priya may act on the job, so the application's menu holds Pipeline beside the actions.
    assert "REQ-1042" in text(await priya.press(by_action["ashby_card_action"], "Pipeline"))


async def test_every_message_respected_block_kit_limits(priya: DemoSession) -> None:
    await priya.command("interviews this week")
    await priya.command("stale")
    refused = [call for call in priya.slack.calls if not call.ok]
    assert refused == []
