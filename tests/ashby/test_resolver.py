"""Resolving what people type: candidates (names, emails), jobs and stages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ashby.index import CandidateIndex, IndexedApplication
from ashby.normalize import normalize
from ashby.resolver import CandidateResolver, JobResolver, StageResolver

PEOPLE = {
    "jon": ("Jon Smith", ["jon.smith@acme.com"]),
    "jane": ("Jane Doe", ["Jane.Doe@example.com", "jd@home.org"]),
    "jane-foster": ("Jane Foster", []),
    "jane-smith": ("Jane Smith", []),
    "janet": ("Janet Jackson", []),
    "jose": ("José Álvarez", ["jose@alvarez.es"]),
    "lukasz": ("Łukasz Żółć", []),
    "sean": ("Seán O'Brien", []),
    "mj": ("Mary-Jane Watson-Parker", []),
    "alex-1": ("Alex Kim", ["alex.kim@one.com"]),
    "alex-2": ("Alex Kim", ["alex.kim@two.com"]),
    "sara": ("Sara Nilsson", []),
    "sarah": ("Sarah Nilsson", []),
    "li": ("李伟", []),
    "anna": ("Анна Петрова", []),
    "priya": ("Priya Venkataraman", ["priya@example.com"]),
}
ACTIVE = {"jane-smith", "alex-2"}


@pytest.fixture(scope="module")
def resolver() -> CandidateResolver:
    index = CandidateIndex()
    for cid, (name, emails) in PEOPLE.items():
        index.put(cid, name, emails)
    for cid in ACTIVE:
        index.put_application(IndexedApplication(f"app-{cid}", cid, "Active", "j1", "s1"))
    return CandidateResolver(index)


@pytest.mark.parametrize(
    ("query", "outcome", "expected"),
    [
        # exact, case, order
        ("Jane Doe", "found", ["jane"]),
        ("JANE DOE", "found", ["jane"]),
        ("doe jane", "found", ["jane"]),
        # typos
        ("jon smtih", "found", ["jon"]),
        ("jane dooe", "found", ["jane"]),
        ("venkatraman priya", "found", ["priya"]),
        # accents, letters NFKD keeps, punctuation
        ("jose alvarez", "found", ["jose"]),
        ("JOSÉ ÁLVAREZ", "found", ["jose"]),
        ("lukasz zolc", "found", ["lukasz"]),
        ("seán obrien", "found", ["sean"]),
        ("sean o'brien", "found", ["sean"]),
        ("obrien sean", "found", ["sean"]),
        ("mary jane watson parker", "found", ["mj"]),
        ("mary watson", "found", ["mj"]),
        # other scripts
        ("李伟", "found", ["li"]),
        ("анна петрова", "found", ["anna"]),
        ("Петрова Анна", "found", ["anna"]),
        # one name only: a picker, active candidates first, unless one clearly wins
        ("jane", "ambiguous", ["jane-smith", "jane", "jane-foster"]),
        ("janet", "found", ["janet"]),
        # near ties are never guessed; an exact identity wins cleanly
        ("alex kim", "ambiguous", ["alex-2", "alex-1"]),
        ("sara nilson", "ambiguous", ["sara", "sarah"]),
        ("sara nilsson", "found", ["sara"]),
        ("sarah nilson", "ambiguous", ["sarah", "sara"]),
        # the active boost orders ties but never beats a much better name match
        ("jane foster", "found", ["jane-foster"]),
        # emails: exact, any case, partial, with a typo
        ("jane.doe@example.com", "found", ["jane"]),
        ("JD@HOME.ORG", "found", ["jane"]),
        ("<priya@example.com>", "found", ["priya"]),
        ("jane.doe@", "found", ["jane"]),
        ("jon.smith@acme", "found", ["jon"]),
        ("alex.kim@", "ambiguous", ["alex-2", "alex-1"]),
        ("jane.doe@exmaple.com", "found", ["jane"]),
        # nothing there
        ("zzz qqq", "not_found", []),
        ("", "not_found", []),
        ("  --  ", "not_found", []),
        ("nobody@nowhere.org", "not_found", []),
    ],
)
def test_phrasings(resolver: CandidateResolver, query: str, outcome: str, expected: list[str]) -> None:
    resolution = resolver.resolve(query)
    assert resolution.outcome == outcome, resolution
    assert resolution.query == query
    ids = [m.candidate.id for m in resolution.matches]
    if outcome == "ambiguous":
        assert ids[: len(expected)] == expected, resolution
    else:
        assert ids[:1] == expected, resolution
    assert resolution.best == (resolution.matches[0] if resolution.matches else None)
    assert all(0 <= m.score <= 100 for m in resolution.matches)


def test_ambiguous_lists_only_the_near_ties(resolver: CandidateResolver) -> None:
    resolution = resolver.resolve("sara nilson")
    assert {m.candidate.id for m in resolution.matches} == {"sara", "sarah"}
    assert resolution.matches[0].score > resolution.matches[1].score


def test_found_lists_the_winner_first_and_respects_the_limit(resolver: CandidateResolver) -> None:
    resolution = resolver.resolve("sara nilsson", limit=2)
    assert resolution.outcome == "found"
    assert [(m.candidate.id, round(m.score)) for m in resolution.matches] == [("sara", 100), ("sarah", 96)]
    assert len(resolver.resolve("sara nilsson", limit=1).matches) == 1


def test_a_name_typed_as_stored_beats_the_same_words_in_another_order() -> None:
    index = CandidateIndex()
    index.put("yu-yang", "Yu Yang", [])
    index.put("yang-yu", "Yang Yu", [])
    resolver = CandidateResolver(index)
    assert resolver.resolve("yu yang").best.candidate.id == "yu-yang"  # type: ignore[union-attr]
    assert resolver.resolve("Yang Yu").outcome == "found"
    index.put("yang-yu-2", "Yang Yu", [])
    assert {m.candidate.id for m in resolver.resolve("yang yu").matches} == {"yang-yu", "yang-yu-2"}


def test_tie_margin_and_min_score_are_settings() -> None:
    index = CandidateIndex()
    index.put("sara", "Sara Nilsson", [])
    index.put("sarah", "Sarah Nilsson", [])
    assert CandidateResolver(index, tie_margin=2).resolve("sara nilson").outcome == "found"
    assert CandidateResolver(index, min_score=99).resolve("sara nilson").outcome == "not_found"


def test_an_empty_index_finds_nothing() -> None:
    resolver = CandidateResolver(CandidateIndex())
    assert resolver.resolve("jane doe").outcome == "not_found"
    assert resolver.resolve("jane@x.com").outcome == "not_found"


def test_the_resolver_sees_index_changes() -> None:
    index = CandidateIndex()
    resolver = CandidateResolver(index)
    index.put("c1", "Jane Doe", ["jane@x.com"])
    assert resolver.resolve("jane@x.com").outcome == "found"
    index.put("c1", "Jane Smith", ["smith@y.com"])
    assert resolver.resolve("jane doe").outcome == "not_found"
    assert resolver.resolve("jane@x.com").outcome == "not_found"
    assert resolver.resolve("smith@y").best.candidate.name == "Jane Smith"  # type: ignore[union-attr]


NAME_TOKENS = st.text(st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=8)
NAMES = st.lists(NAME_TOKENS, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(NAMES, min_size=1, max_size=12),
    emails=st.lists(st.emails(), min_size=12, max_size=12, unique_by=str.lower),
    pick=st.integers(min_value=0),
)
def test_any_indexed_name_or_email_resolves_to_itself(names: list[str], emails: list[str], pick: int) -> None:
    index = CandidateIndex()
    for i, name in enumerate(names):
        index.put(f"c{i}", name, [emails[i]])
    resolver = CandidateResolver(index)
    target = pick % len(names)
    same_name = sum(normalize(n) == normalize(names[target]) for n in names)
    for query in (names[target], emails[target]):
        resolution = resolver.resolve(query, limit=len(names))
        ids = [m.candidate.id for m in resolution.matches]
        if resolution.outcome == "found":
            assert ids[0] == f"c{target}", (query, resolution)
        else:
            assert resolution.outcome == "ambiguous" and same_name > 1 and f"c{target}" in ids, (
                query,
                resolution,
            )


# -- jobs -------------------------------------------------------------------------------------------------

JOBS = [
    ("j1", "Senior Backend Engineer", "REQ-1042", "Open"),
    ("j2", "Frontend Engineer", "REQ-1043", "Open"),
    ("j3", "Backend Engineer", "REQ-0999", "Closed"),
    ("j4", "Product Designer", None, "Open"),
    ("j5", "Software Engineer", "ENG-12", "Open"),
    ("j6", "Software Engineer", "ENG-13", "Closed"),
    ("j7", "Data Engineer", "REQ-2001", "Open"),
    ("j8", "Data Scientist", "REQ-2002", "Open"),
]


@pytest.mark.parametrize(
    ("query", "outcome", "expected"),
    [
        ("req 1042", "found", ["j1"]),
        ("REQ-1042", "found", ["j1"]),
        ("1042", "found", ["j1"]),
        ("req1042", "found", ["j1"]),
        ("eng-12", "found", ["j5"]),
        ("backend role", "found", ["j1"]),  # the Open one first
        ("sr backend eng", "found", ["j1"]),
        ("backend engineer", "found", ["j3"]),  # the exact title, even closed
        ("frontend", "found", ["j2"]),
        ("fronted engineer", "found", ["j2"]),
        ("the designer position", "found", ["j4"]),
        ("software engineer", "found", ["j5"]),  # the same title twice: the Open one
        ("data", "ambiguous", ["j7", "j8"]),
        ("req 5555", "not_found", []),
        ("marketing", "not_found", []),
    ],
)
def test_jobs(query: str, outcome: str, expected: list[str]) -> None:
    resolution = JobResolver(JOBS).resolve(query)
    assert resolution.outcome == outcome, resolution
    ids = [m.job.id for m in resolution.matches]
    assert (sorted(ids) if outcome == "ambiguous" else ids[:1]) == expected, resolution


# -- stages -----------------------------------------------------------------------------------------------

PLAN = [
    ("s1", "Application Review", "PreInterviewScreen"),
    ("s2", "Recruiter Screen", "Active"),
    ("s3", "Hiring Manager Screen", "Active"),
    ("s4", "Technical Interview", "Active"),
    ("s5", "On-site", "Active"),
    ("s6", "Offer", "Offer"),
    ("s7", "Hired", "Hired"),
    ("s8", "Archived", "Archived"),
]


@pytest.mark.parametrize(
    ("query", "outcome", "expected"),
    [
        ("onsite", "found", ["s5"]),
        ("on site", "found", ["s5"]),
        ("ON-SITE", "found", ["s5"]),
        ("final round", "found", ["s5"]),
        ("phone screen", "found", ["s2"]),
        ("recruiter scren", "found", ["s2"]),
        ("hm screen", "found", ["s3"]),
        ("tech", "found", ["s4"]),
        ("technical", "found", ["s4"]),
        ("offer", "found", ["s6"]),
        ("review", "found", ["s1"]),
        ("screen", "ambiguous", ["s2", "s3"]),
        # rejecting needs an archive reason: it is an action, never a stage move
        ("reject", "not_found", []),
        ("archive", "not_found", []),
        ("Archived", "not_found", []),
        ("references", "not_found", []),
    ],
)
def test_stages(query: str, outcome: str, expected: list[str]) -> None:
    resolution = StageResolver(PLAN).resolve(query)
    assert resolution.outcome == outcome, resolution
    ids = [m.stage.id for m in resolution.matches]
    assert (sorted(ids) if outcome == "ambiguous" else ids[:1]) == expected, resolution


def test_a_stage_called_what_people_type_beats_the_alias() -> None:
    stages = StageResolver([("p", "Phone Screen"), ("r", "Recruiter Screen")])
    resolution = stages.resolve("phone screen")
    assert resolution.outcome == "found" and resolution.best.stage.id == "p"  # type: ignore[union-attr]


def test_stages_are_only_those_of_the_plan_given() -> None:
    resolution = StageResolver([("a", "Onsite")]).resolve("technical interview")
    assert resolution.outcome == "not_found"


def test_jobs_by_their_initials() -> None:
    jobs = JobResolver(
        [
            ("csm", "Customer Success Manager", "REQ-1051", "Open"),
            ("ae", "Account Executive", "REQ-1050", "Open"),
            ("vpf", "VP of Finance", "REQ-1099", "Open"),
            ("sme", "Sales Manager, EMEA", None, "Open"),
            ("sme2", "Senior ML Engineer", None, "Open"),
        ]
    )
    for query, job_id in (("CSM", "csm"), ("the AE role", "ae"), ("vpf", "vpf")):
        found = jobs.resolve(query)
        assert found.outcome == "found" and found.best is not None and found.best.job.id == job_id, query
    assert jobs.resolve("sme").outcome == "ambiguous"  # two titles share the initials: ask, never guess
