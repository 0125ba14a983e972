"""The parser on a small organisation built in memory: normalisation, entity spans, frames, writes."""

import pytest

from ashby.index import CandidateIndex
from ashby.resolver import CandidateResolver
from handlers.language import JobEntry, UserEntry, Vocabulary, build_vocabulary, understand
from handlers.language.entities import spot
from handlers.language.text import MAX_TEXT, clean


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    index = CandidateIndex()
    for i, (name, email) in enumerate(
        [
            ("Jane Doe", "jane@example.com"),
            ("Jon Smith", "jon@example.com"),
            ("John Smith", "john@example.com"),
            ("Alex Kim", "alex@example.com"),
            ("Alex Kim", "alex.kim2@example.com"),
            ("José Álvarez", "jose@example.com"),
        ]
    ):
        index.put(f"c{i}", name, [email])
    return build_vocabulary(
        jobs=[
            JobEntry("j1", "Senior Backend Engineer", "REQ-1042", "Open"),
            JobEntry("j2", "Customer Success Manager", "REQ-1051", "Open"),
            JobEntry("j3", "Product Designer", "REQ-1043", "Open"),
        ],
        stages=["Recruiter Screen", "Hiring Manager Screen", "Technical Interview", "Onsite", "Offer", "Hired"],
        users=[UserEntry("u1", "Dana Whitfield"), UserEntry("u2", "Priya Natarajan")],
        departments=[("d1", "Engineering")],
        locations=[("l1", "London")],
        tags=[("t1", "Referral"), ("t2", "Silver medalist")],
        sources=[("s1", "LinkedIn")],
        candidates=CandidateResolver(index),
        is_name_word=lambda word: bool(index.slots_with_token(word)),
    )


def test_slack_markup_emoji_filler_and_possessives_are_cleaned() -> None:
    cleaned = clean(
        "<@UBOT> hey :wave: quick q, can you tell me *Jane’s* stage? 🙏 <mailto:j@x.io|j@x.io>", bot_user_id="UBOT"
    )
    assert [t.norm for t in cleaned.tokens] == ["jane", "stage", "j@x.io"]
    assert cleaned.tokens[0].possessive and cleaned.tokens[0].text == "Jane"
    assert [t.kind for t in clean("interviews for <@U0DANA|dana>").tokens] == ["word", "word", "mention"]


def test_entities_are_spans_with_confidence(vocab: Vocabulary) -> None:
    spotted = spot(clean("how many are in on-site for the backend role?"), vocab)
    (stage,) = spotted.of("stage")
    (job,) = spotted.of("job")
    assert (stage.title, job.title) == ("Onsite", "Senior Backend Engineer")
    assert 0 < job.confidence <= 1 and stage.end <= job.start


@pytest.mark.parametrize(
    ("text", "label", "query"),
    [
        ("what stage is jane doe at?", "candidate.stage", "jane doe"),
        ("who is the recruiter for jane doe", "candidate.recruiter", "jane doe"),
        ("what tags does jane doe have", "candidate.tags", "jane doe"),
        ("jane doe's recuiter?", "candidate.recruiter", "jane doe"),
        ("doe jane", "candidate", "doe jane"),
        ("jose alvarez source", "candidate.source", "jose alvarez"),
        ("6 in onsite for the backend role? how many", "job.stage_count", "backend"),
        ("who's the HM for the CSM role", "job.hiring_manager", "CSM"),
        ("what interviews do I have tomorrow", "interviews", None),
        ("what's the weather in paris", "unknown", None),
        ("hi", "help", None),
    ],
)
def test_questions(vocab: Vocabulary, text: str, label: str, query: str | None) -> None:
    intent = understand(text, vocab).intent
    assert (intent.label, intent.query) == (label, query)


def test_jobs_travel_as_typed_and_resolve_again(vocab: Vocabulary) -> None:
    """The answer resolves a job among those the asker may see: a confidential title is never quoted back."""
    for text, title in (("who's the HM for the CSM role", "Customer Success Manager"), ("REQ-1042 pipeline", None)):
        query = understand(text, vocab).intent.query
        assert query is not None
        found = vocab.jobs.resolve(query)
        assert found.outcome == "found" and found.best is not None
        assert title is None or found.best.job.title == title


def test_people_and_days(vocab: Vocabulary) -> None:
    mine = understand("my interviews on thursday", vocab).intent
    assert (mine.who, mine.when) == ("me", "thu")
    dana = understand("what's on dana whitfield's calendar next week", vocab).intent
    assert (dana.user_id, dana.when) == ("u1", "next_week")
    mention = understand("<@U0DANA>'s interviews tomorrow", vocab).intent
    assert (mention.who, mention.when) == ("U0DANA", "tomorrow")


def test_writes_take_their_candidate_and_target_from_the_entities(vocab: Vocabulary) -> None:
    move = understand("can you push jane doe to the tech interview pls", vocab).intent
    assert (move.kind, move.query, move.target) == ("move", "jane doe", "Technical Interview")
    transfer = understand("move jane's application over to the product designer job", vocab).intent
    assert (transfer.kind, transfer.target) == ("transfer", "product designer")
    tag = understand("add the silver medalist tag to jon smith", vocab).intent
    assert (tag.kind, tag.query, tag.target) == ("tag", "jon smith", "Silver medalist")
    note = understand("private note on jane doe: has a competing offer", vocab).intent
    assert (note.kind, note.text, note.private) == ("note", "has a competing offer", True)
    assert understand("did we hire jane doe?", vocab).intent.kind == "candidate"


def test_the_look_alikes_stay_apart(vocab: Vocabulary) -> None:
    resolver = vocab.candidates
    assert resolver is not None
    for text, name in (("jon smith's stage", "Jon Smith"), ("where is john smith", "John Smith")):
        query = understand(text, vocab).intent.query
        assert query is not None and resolver.resolve(query).best.candidate.name == name  # type: ignore[union-attr]
    ambiguous = understand("alex kim's recruiter", vocab).intent.query
    assert ambiguous is not None and resolver.resolve(ambiguous).outcome == "ambiguous"


def test_close_readings_are_asked_back(vocab: Vocabulary) -> None:
    reading = understand("jane doe stage interviews", vocab)
    assert reading.alternatives and {i.label for _, i in reading.alternatives} >= {
        "candidate.stage",
        "candidate.interviews",
    }


@pytest.mark.parametrize(
    "question",
    ["anyone pass on jane doe?", "panel pass on jane doe?", "jane doe pass the onsite?", "jane doe - should we pass?"],
)
def test_questions_about_passing_are_not_instructions(vocab: Vocabulary, question: str) -> None:
    assert understand(question, vocab).intent.kind not in ("reject", "move", "hire")


def test_an_instruction_names_one_candidate_and_goes_where_it_says(vocab: Vocabulary) -> None:
    for text in ("move Jane Doe to onsite and Jon Smith to offer", "reject jane doe and jon smith"):
        assert understand(text, vocab).intent.kind == "help", text
    move = understand("move jane doe to onsite (she passed the technical interview)", vocab).intent
    assert (move.kind, move.query, move.target) == ("move", "jane doe", "Onsite")
    assert understand("we're passing on jane doe, please reject", vocab).intent.kind == "reject"


def test_a_note_keeps_what_was_written(vocab: Vocabulary) -> None:
    note = understand(
        "note jane doe: talked to <@U0DANA|dana>, see <https://x.example/doc|the doc> &amp; *great*", vocab
    ).intent
    assert note.text == "talked to @dana, see the doc (https://x.example/doc) & *great*"
    assert understand("re: jane doe - add a note: great call", vocab).intent.text == "great call"


@pytest.mark.parametrize(
    "text", ["xy-" * 13000, "a+" * 20000, "<mailto:" * 5000, "<http://" * 5000, "\u202e\u200b" * 500, "jane " * 8000]
)
def test_hostile_text_is_read_quickly_and_safely(vocab: Vocabulary, text: str) -> None:
    """No exception, and bounded work: the text is cut to ``MAX_TEXT`` before any pattern runs."""
    assert understand(text, vocab).intent.kind
    assert sum(len(token.text) for token in clean(text).tokens) <= MAX_TEXT
