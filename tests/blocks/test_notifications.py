"""Notifications: one change as a short card (the same words to a person and a channel, the archive reason
only to a person, the write menu only for those who may act on an open application), a burst as one list,
and every message within Block Kit's limits whatever the names hold."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ashby.events import Kind, Notice, TeamMember
from blocks.limits import MAX_HEADER_TEXT, MAX_SECTION_TEXT, validate_message
from blocks.notifications import grouped_message, notice_message, notification, sentence
from blocks.payloads import LINK, CardAction, OpenPipeline
from tests.blocks.factories import elements, shown

CANDIDATE = "3b8f7c2e-9d41-4f6a-8e2b-5c1d0a9f7e63"
APPLICATION = "a1c4e8f2-6b3d-4a9e-8f7c-2d5e1b0a9c84"
JOB = "e5d2a7c9-1f4b-4e8d-9a3c-6b0f2e8d1a57"
PROFILE = f"https://app.ashbyhq.com/candidates/{CANDIDATE}"
PERSON = f"*<{PROFILE}|Jane Doe>*"
ICON = {
    Kind.APPLIED: "🆕",
    Kind.MOVED: "➡️",
    Kind.ARCHIVED: "🗄️",
    Kind.HIRED: "🎉",
    Kind.OFFER_CREATED: "📝",
    Kind.OFFER_APPROVED: "✅",
    Kind.OFFER_ACCEPTED: "🤝",
    Kind.OFFER_DECLINED: "✋",
}
TEAM = (
    TeamMember("u-ana", "ana.ruiz@example.com", "Recruiter"),
    TeamMember("u-tomas", "tomas.herrera@example.com", "Hiring Manager"),
)


def notice(kind: Kind = Kind.MOVED, **fields: Any) -> Notice:
    values: dict[str, Any] = {
        "key": f"{kind.value}:{APPLICATION}",
        "kind": kind,
        "candidate_id": CANDIDATE,
        "candidate_name": "Jane Doe",
        "application_id": APPLICATION,
        "job_id": JOB,
        "job_title": "Senior Backend Engineer",
        "stage_title": "Onsite",
        "archive_reason": "Not a fit right now" if kind is Kind.ARCHIVED else None,
        "department_id": "dep-eng",
        "confidential": False,
        "team": TEAM,
    }
    values.update(fields)
    return Notice(**values)


def many(n: int, *, jobs: int = 1) -> list[Notice]:
    kinds = list(Kind)
    return [
        notice(
            kinds[i % len(kinds)],
            key=f"k-{i}",
            candidate_id=f"{i:08d}-9d41-4f6a-8e2b-5c1d0a9f7e63",
            application_id=f"{i:08d}-6b3d-4a9e-8f7c-2d5e1b0a9c84",
            candidate_name=f"Candidate Number {i}",
            job_id=f"job-{i % jobs}",
            job_title=f"Senior Backend Engineer {i % jobs}",
        )
        for i in range(n)
    ]


def section_text(message: dict[str, Any]) -> str:
    """The text of the message's first section: the card's sentence, or a burst's list."""
    first = next(b for b in message["blocks"] if b["type"] == "section")
    text: str = first["text"]["text"]
    return text


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["text"]["text"]: e for e in elements(message) if e["type"] == "button"}


def menu(message: dict[str, Any]) -> dict[str, Any] | None:
    accessory: dict[str, Any] | None = message["blocks"][0].get("accessory")
    return accessory


# -- one notice: the words ---------------------------------------------------------------------------------------

SENTENCES = {
    Kind.APPLIED: f"{PERSON} applied to *Senior Backend Engineer*",
    Kind.MOVED: f"{PERSON} moved to *Onsite* · Senior Backend Engineer",
    Kind.ARCHIVED: f"{PERSON} was archived · Senior Backend Engineer",
    Kind.HIRED: f"{PERSON} was hired for *Senior Backend Engineer*",
    Kind.OFFER_CREATED: f"An offer was created for {PERSON} · Senior Backend Engineer",
    Kind.OFFER_APPROVED: f"{PERSON}'s offer was approved · Senior Backend Engineer",
    Kind.OFFER_ACCEPTED: f"{PERSON} accepted the offer for *Senior Backend Engineer*",
    Kind.OFFER_DECLINED: f"{PERSON} declined the offer for *Senior Backend Engineer*",
}


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_in_a_channel(kind: Kind) -> None:
    msg = notice_message(notice(kind), private=False, can_act=False)
    assert validate_message(msg) == []
    assert section_text(msg) == f"{ICON[kind]} {SENTENCES[kind]}"
    # The fallback (what a phone shows) is the same sentence, without the link.
    assert msg["text"] == f"{ICON[kind]} {SENTENCES[kind].replace(PERSON, '*Jane Doe*')}"


@pytest.mark.parametrize("kind", [k for k in Kind if k is not Kind.ARCHIVED])
def test_a_person_reads_the_same_words_as_a_channel(kind: Kind) -> None:
    private = notice_message(notice(kind), private=True, can_act=False)
    public = notice_message(notice(kind), private=False, can_act=False)
    assert private == public


def test_the_archive_reason_is_for_people_only() -> None:
    archived = notice(Kind.ARCHIVED, archive_reason="Withdrew: accepted another offer")
    private = notice_message(archived, private=True, can_act=False)
    public = notice_message(archived, private=False, can_act=False)
    assert section_text(private) == (
        f"🗄️ {PERSON} was archived (Withdrew: accepted another offer) · Senior Backend Engineer"
    )
    assert "(Withdrew: accepted another offer)" in private["text"]
    assert section_text(public) == f"🗄️ {PERSON} was archived · Senior Backend Engineer"
    assert "Withdrew" not in json.dumps(public)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_archive_without_a_reason(reason: str | None) -> None:
    msg = notice_message(notice(Kind.ARCHIVED, archive_reason=reason), private=True, can_act=False)
    assert section_text(msg) == f"🗄️ {PERSON} was archived · Senior Backend Engineer"


def test_the_reason_is_escaped_and_kept_on_one_line() -> None:
    msg = notice_message(
        notice(Kind.ARCHIVED, archive_reason="Salary <expectations>\n& timing"), private=True, can_act=False
    )
    assert "(Salary &lt;expectations&gt; &amp; timing)" in section_text(msg)


def test_a_referral_reads_as_one() -> None:
    msg = notice_message(notice(Kind.APPLIED, referral=True), private=False, can_act=False)
    assert section_text(msg) == f"🆕 {PERSON} was referred for *Senior Backend Engineer*"


def test_missing_job_and_stage_titles_read_naturally() -> None:
    moved = notice_message(notice(Kind.MOVED, stage_title=None, job_title=""), private=True, can_act=False)
    assert section_text(moved) == f"➡️ {PERSON} moved to *a new stage* · a job"
    applied = notice_message(notice(Kind.APPLIED, job_title="  "), private=True, can_act=False)
    assert section_text(applied) == f"🆕 {PERSON} applied to *a job*"


def test_the_candidate_links_to_their_ashby_profile() -> None:
    msg = notice_message(notice(), private=False, can_act=False)
    assert notice().profile_url == PROFILE
    assert f"*<{PROFILE}|Jane Doe>*" in section_text(msg)
    assert sentence(notice(), private=False, linked=False) == "*Jane Doe* moved to *Onsite* · Senior Backend Engineer"


# -- one notice: names and titles as typed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown_as"),
    [
        ("<b>&amp;", "&lt;b&gt;&amp;amp;"),
        ("Jane <@U0ADMIN> Doe", "Jane &lt;@U0ADMIN&gt; Doe"),
        ("<!channel> Doe", "&lt;!channel&gt; Doe"),
        ("<https://evil.example|Click>", "&lt;https://evil.example|Click&gt;"),
        ("R&D Smith", "R&amp;D Smith"),
        ("*bold*", "*bold*"),
        ("Zoë Ålvarez-Ñúñez", "Zoë Ålvarez-Ñúñez"),
        ("مريم الحسن", "مريم الحسن"),
        ("נועה כהן", "נועה כהן"),
        ("Jane \u202eeoD", "Jane \u202eeoD"),
        ("Ana 🎉 Ruiz 👩🏽‍💻", "Ana 🎉 Ruiz 👩🏽‍💻"),
        ("李小龍", "李小龍"),
    ],
)
def test_names_show_as_typed_and_cannot_inject_mrkdwn(name: str, shown_as: str) -> None:
    msg = notice_message(notice(Kind.HIRED, candidate_name=name), private=True, can_act=False)
    assert validate_message(msg) == []
    text = section_text(msg)
    assert text == f"🎉 *<{PROFILE}|{shown_as}>* was hired for *Senior Backend Engineer*"
    assert msg["text"] == f"🎉 *{shown_as}* was hired for *Senior Backend Engineer*"
    # Exactly one link, one mention-free line: nothing in the name opened a token of its own.
    assert text.count("<") == 1 and text.count(">") == 1
    assert "<@" not in text and "<!" not in text


def test_job_and_stage_titles_are_escaped() -> None:
    msg = notice_message(
        notice(Kind.MOVED, job_title="R&D <Lead>", stage_title="Tech <Screen> & Chat"), private=False, can_act=False
    )
    assert section_text(msg) == f"➡️ {PERSON} moved to *Tech &lt;Screen&gt; &amp; Chat* · R&amp;D &lt;Lead&gt;"


def test_a_name_with_stray_whitespace_stays_one_bold_run_on_one_line() -> None:
    # Names typed into forms carry trailing spaces and line breaks; "*Jane Doe *" would show its asterisks
    # in Slack, and a line break would split a grouped message's one line per change. Every other card
    # builder cleans names with ``inline`` (``one_line`` + ``escape``).
    msg = notice_message(notice(Kind.HIRED, candidate_name="  Jane \n Doe "), private=False, can_act=False)
    assert section_text(msg) == f"🎉 {PERSON} was hired for *Senior Backend Engineer*"


# -- one notice: actions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.APPLIED, Kind.MOVED])
@pytest.mark.parametrize("private", [True, False])
def test_the_write_menu_for_those_who_may_act_on_an_open_application(kind: Kind, private: bool) -> None:
    msg = notice_message(notice(kind), private=private, can_act=True)
    assert validate_message(msg) == []
    overflow = menu(msg)
    assert overflow is not None
    assert overflow["type"] == "overflow"
    assert overflow["action_id"] == CardAction.ACTION
    options = [(o["text"]["text"], o["value"]) for o in overflow["options"]]
    assert options == [
        ("Move to stage…", f"move:{APPLICATION}"),
        ("Reject…", f"reject:{APPLICATION}"),
        ("Hire…", f"hire:{APPLICATION}"),
    ]
    assert [CardAction.unpack(value) for _, value in options] == [
        CardAction("move", APPLICATION),
        CardAction("reject", APPLICATION),
        CardAction("hire", APPLICATION),
    ]


@pytest.mark.parametrize("kind", list(Kind))
def test_no_write_menu_without_permission(kind: Kind) -> None:
    assert menu(notice_message(notice(kind), private=True, can_act=False)) is None


@pytest.mark.parametrize("kind", [k for k in Kind if k not in (Kind.APPLIED, Kind.MOVED)])
def test_no_write_menu_once_the_application_is_decided(kind: Kind) -> None:
    msg = notice_message(notice(kind), private=True, can_act=True)
    assert menu(msg) is None
    assert CardAction.ACTION not in json.dumps(msg)


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("can_act", [True, False])
def test_open_in_ashby_and_pipeline_buttons(kind: Kind, can_act: bool) -> None:
    msg = notice_message(notice(kind), private=False, can_act=can_act)
    assert msg["blocks"][-1]["type"] == "actions"
    found = buttons(msg)
    assert list(found) == ["Open in Ashby", "Pipeline"]
    assert found["Open in Ashby"]["url"] == PROFILE
    assert found["Open in Ashby"]["action_id"] == LINK
    assert found["Pipeline"]["action_id"] == OpenPipeline.ACTION
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline(JOB)


# -- one notice: nothing but the name ---------------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def _without_name(message: dict[str, Any], name: str) -> str:
    dumped = json.dumps(message, ensure_ascii=False)
    return dumped.replace(name, "")


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("private", [True, False])
@pytest.mark.parametrize(
    "name", ["Jane Doe", "jane.doe@example.com", "Jane Doe (+1 415 555 0134)", "Jane Doe jane@example.com"]
)
def test_no_contact_details_but_the_name(kind: Kind, private: bool, name: str) -> None:
    msg = notice_message(notice(kind, candidate_name=name), private=private, can_act=True)
    rest = _without_name(msg, name)
    assert EMAIL.search(rest) is None, rest
    assert PHONE.search(rest) is None, rest
    for member in TEAM:
        assert member.email is not None and member.email not in json.dumps(msg)
        assert member.user_id not in json.dumps(msg)


# -- a burst as one message --------------------------------------------------------------------------------------------


def _lines(message: dict[str, Any]) -> list[str]:
    return [line for line in section_text(message).split("\n") if not line.startswith("…and ")]


def _more(message: dict[str, Any]) -> int:
    """How many changes the message says it left out ("…and N more"), wherever it says so."""
    return sum(int(n) for n in re.findall(r"…and (\d+) more", shown(message)))


@pytest.mark.parametrize("count", [2, 40, 250])
@pytest.mark.parametrize("private", [True, False])
def test_a_burst_is_one_message_within_limits(count: int, private: bool) -> None:
    notices = many(count)
    msg = grouped_message(notices, private=private)
    assert validate_message(msg) == []
    blocks = msg["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": f"{count} updates from Ashby", "emoji": True},
    }
    assert len(blocks[0]["text"]["text"]) <= MAX_HEADER_TEXT
    assert len(section_text(msg)) <= MAX_SECTION_TEXT
    lines = _lines(msg)
    assert 2 <= len(lines) <= count
    # Every change is either listed or counted in an "…and N more", in the order they happened.
    assert len(lines) + _more(msg) == count
    for shown_line, n in zip(lines, notices, strict=False):
        assert shown_line.startswith(ICON[n.kind])
        assert n.profile_url in shown_line
    assert msg["text"].startswith(f"{count} updates from Ashby: ")
    assert len(msg["text"]) <= 4000


def test_two_notices_are_listed_whole() -> None:
    first = notice(Kind.MOVED, key="a")
    second = notice(Kind.ARCHIVED, key="b", candidate_id="c-2", candidate_name="John Roe")
    msg = grouped_message([first, second], private=True)
    assert section_text(msg) == (
        f"➡️ {PERSON} moved to *Onsite* · Senior Backend Engineer\n"
        "🗄️ *<https://app.ashbyhq.com/candidates/c-2|John Roe>* was archived (Not a fit right now)"
        " · Senior Backend Engineer"
    )
    assert [b["type"] for b in msg["blocks"]] == ["header", "section", "actions"]
    assert msg["text"] == (
        "2 updates from Ashby: ➡️ *Jane Doe* moved to *Onsite* · Senior Backend Engineer; "
        "🗄️ *John Roe* was archived (Not a fit right now) · Senior Backend Engineer"
    )


def test_a_channel_burst_leaves_out_archive_reasons() -> None:
    notices = [notice(Kind.ARCHIVED, key=f"k{i}", archive_reason="Compensation mismatch") for i in range(3)]
    msg = grouped_message(notices, private=False)
    assert "Compensation" not in json.dumps(msg)
    assert "Compensation mismatch" in json.dumps(grouped_message(notices, private=True))


def test_beyond_what_fits_it_says_how_many_more() -> None:
    msg = grouped_message(many(250), private=True)
    assert section_text(msg).endswith(f"…and {250 - len(_lines(msg))} more updates")


@pytest.mark.parametrize("count", [60, 250])
def test_a_long_burst_says_once_how_many_it_left_out(count: int) -> None:
    # With Ashby's UUIDs each line is ~130 characters, so the list is cut by length; the
    # message must not then say "…and 21 more" under the list and "…and 210 more updates" below it.
    msg = grouped_message(many(count), private=True)
    said = re.findall(r"…and (\d+) more", shown(msg))
    assert said == [str(count - len(_lines(msg)))]


def test_the_count_is_in_the_list_not_an_extra_block() -> None:
    msg = grouped_message(many(40), private=True)
    assert not any(b["type"] == "context" for b in msg["blocks"])


def test_one_job_gets_its_pipeline_button_several_jobs_none() -> None:
    one_job = grouped_message(many(5, jobs=1), private=True)
    found = buttons(one_job)
    assert list(found) == ["Pipeline"]
    assert OpenPipeline.unpack(found["Pipeline"]["value"]) == OpenPipeline("job-0")
    several = grouped_message(many(5, jobs=2), private=True)
    assert elements(several) == []
    assert [b["type"] for b in several["blocks"]] == ["header", "section"]


def test_a_burst_never_carries_a_write_menu() -> None:
    msg = grouped_message(many(3), private=True)
    assert CardAction.ACTION not in json.dumps(msg)


def test_the_fallback_names_the_first_five() -> None:
    notices = many(8)
    msg = grouped_message(notices, private=True)
    for n in notices[:5]:
        assert f"*{n.candidate_name}*" in msg["text"]
    for n in notices[5:]:
        assert f"*{n.candidate_name}*" not in msg["text"]
    assert "<http" not in msg["text"]


def test_huge_names_still_fit() -> None:
    notices = [
        notice(key=f"k{i}", candidate_name="Ñ<&>" * 800, job_title="J&" * 900, stage_title="S" * 500) for i in range(60)
    ]
    msg = grouped_message(notices, private=True)
    assert validate_message(msg) == []
    assert validate_message(notice_message(notices[0], private=True, can_act=True)) == []


def test_a_burst_shows_no_contact_details() -> None:
    notices = [replace(n, team=TEAM) for n in many(50)]
    msg = grouped_message(notices, private=True)
    # What a reader sees: link targets (profile URLs, with ids that look like digits) left out.
    readable = re.sub(r"<[^|>]*\|", "", shown(msg) + "\n" + msg["text"])
    assert EMAIL.search(json.dumps(msg)) is None
    assert PHONE.search(readable) is None


# -- notification: one or several-------------------------------------------------------------------------------------


@pytest.mark.parametrize("private", [True, False])
@pytest.mark.parametrize("can_act", [True, False])
def test_one_notice_is_a_card(private: bool, can_act: bool) -> None:
    single = notice(Kind.APPLIED)
    assert notification([single], private=private, can_act=can_act) == notice_message(
        single, private=private, can_act=can_act
    )


@pytest.mark.parametrize("count", [2, 7, 250])
def test_several_notices_are_a_list_and_never_carry_the_menu(count: int) -> None:
    notices = many(count)
    msg = notification(notices, private=True, can_act=True)
    assert msg == grouped_message(notices, private=True)
    assert CardAction.ACTION not in json.dumps(msg)


# -- whatever the input-----------------------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from(["<", ">", "&", "*", "_", "~", "`", "|", "\n", "@"]),
    max_size=400,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(list(Kind)),
    name=_TEXT,
    job=_TEXT,
    stage=st.none() | _TEXT,
    reason=st.none() | _TEXT,
    private=st.booleans(),
    can_act=st.booleans(),
    count=st.integers(min_value=1, max_value=60),
)
def test_any_notice_or_burst_is_a_message_slack_accepts(
    kind: Kind,
    name: str,
    job: str,
    stage: str | None,
    reason: str | None,
    private: bool,
    can_act: bool,
    count: int,
) -> None:
    base = notice(kind, candidate_name=name, job_title=job, stage_title=stage, archive_reason=reason)
    notices = [replace(base, key=f"k{i}") for i in range(count)]
    msg = notification(notices, private=private, can_act=can_act)
    assert validate_message(msg) == []
    dumped = json.dumps(msg)
    assert all(member.email is not None and member.email not in dumped for member in TEAM)
    if not private and reason and reason.strip() and reason.strip() not in name + job + (stage or ""):
        assert f"({reason.strip()})" not in shown(msg)
