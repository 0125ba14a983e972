"""What the organisation calls things: the words the parser can recognise as entities.

Built from the reference caches (jobs, stage titles, users, departments, locations, tags, sources) and the
candidate index, before a question is parsed, so parsing itself does no I/O. Phrases are stored in their
matching form (``ashby.normalize``) with the entity each one names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from ashby.normalize import normalize
from ashby.resolver import STAGE_ALIASES, CandidateResolver, JobResolver, title_initials

from .cues import CUE_PHRASES, CUE_WORDS, DAYS, STOPWORDS

EntityKind = Literal["candidate", "job", "stage", "person", "department", "location", "tag", "source", "when"]


@dataclass(frozen=True, slots=True)
class Named:
    """One thing a phrase can name: its kind, id (or code) and the title people know it by."""

    kind: EntityKind
    id: str
    title: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class JobEntry:
    id: str
    title: str
    requisition_id: str | None
    status: str


@dataclass(frozen=True, slots=True)
class UserEntry:
    id: str
    name: str


@dataclass(slots=True)
class Vocabulary:
    """Phrases (up to four words, in matching form) to the entities they may name."""

    phrases: dict[str, list[Named]] = field(default_factory=dict)
    jobs: JobResolver = field(default_factory=lambda: JobResolver([]))
    #: Every word of a job title, for spotting "the backend role" or "account exec" as a job.
    job_words: frozenset[str] = frozenset()
    #: Words a typo may be corrected to (cues, days, vocabulary words), by first letter.
    correctable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    candidates: CandidateResolver | None = None
    #: True when a word is (exactly) part of some candidate's name.
    is_name_word: Callable[[str], bool] = lambda _word: False
    longest_phrase: int = 1

    def add(self, phrase: str, named: Named) -> None:
        key = normalize(phrase)
        if not key:
            return
        entries = self.phrases.setdefault(key, [])
        if all((e.kind, e.id) != (named.kind, named.id) for e in entries):
            entries.append(named)
        self.longest_phrase = max(self.longest_phrase, len(key.split()))

    def lookup(self, phrase: str) -> list[Named]:
        return self.phrases.get(phrase, [])


def build_vocabulary(
    *,
    jobs: Iterable[JobEntry] = (),
    stages: Iterable[str] = (),
    users: Iterable[UserEntry] = (),
    departments: Iterable[tuple[str, str]] = (),
    locations: Iterable[tuple[str, str]] = (),
    tags: Iterable[tuple[str, str]] = (),
    sources: Iterable[tuple[str, str]] = (),
    candidates: CandidateResolver | None = None,
    is_name_word: Callable[[str], bool] | None = None,
) -> Vocabulary:
    """The vocabulary of one organisation, from plain records (pairs are ``(id, title)``)."""
    vocab = Vocabulary()
    job_list = list(jobs)
    vocab.jobs = JobResolver([(j.id, j.title, j.requisition_id, j.status) for j in job_list])
    vocab.job_words = frozenset(w for j in job_list for w in normalize(j.title).split() if len(w) > 2)
    for job in job_list:
        initials = title_initials(normalize(job.title))
        if len(initials) >= 2:
            vocab.add(initials, Named("job", job.id, job.title, 0.85))  # "CSM", "AE", "FE"
    for title in {t for t in stages if t}:
        vocab.add(title, Named("stage", title, title))
        squeezed = normalize(title).replace(" ", "")
        if squeezed != normalize(title):
            vocab.add(squeezed, Named("stage", title, title))
    known_stages = {normalize(t) for t in stages}
    for alias, meanings in STAGE_ALIASES.items():
        if alias in _NOT_ALONE:
            continue
        target = next((m for m in meanings if m in known_stages), None)
        if target is not None:
            title = next(t for t in stages if normalize(t) == target)
            vocab.add(alias, Named("stage", title, title, 0.95))
    for extra, meanings in _SPOKEN_STAGES.items():
        target = next((m for m in meanings if m in known_stages), None)
        if target is not None:
            title = next(t for t in stages if normalize(t) == target)
            vocab.add(extra, Named("stage", title, title, 0.9))
    first_names: dict[str, list[UserEntry]] = {}
    for user in users:
        vocab.add(user.name, Named("person", user.id, user.name))
        given = normalize(user.name).split()[:1]
        if given:
            first_names.setdefault(given[0], []).append(user)
    for first_name, holders in first_names.items():
        if len(holders) == 1:
            vocab.add(first_name, Named("person", holders[0].id, holders[0].name, 0.85))
    for kind, pairs in (("department", departments), ("location", locations), ("tag", tags), ("source", sources)):
        for item_id, title in pairs:
            vocab.add(title, Named(kind, item_id, title))  # type: ignore[arg-type]
            for short in _PLACE_NAMES.get(normalize(title), ()) if kind == "location" else ():
                vocab.add(short, Named("location", item_id, title, 0.9))
    vocab.correctable = _correctable(vocab)
    vocab.candidates = candidates
    if is_name_word is not None:
        vocab.is_name_word = is_name_word
    return vocab


def _correctable(vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Cue, day and vocabulary words of four letters or more, grouped by first letter (a typo rarely hits it);
    never a stop word, so a misspelt name cannot become "done" or "have"."""
    words = {w for w in CUE_WORDS if len(w) >= 4} | {w for w in DAYS if len(w) >= 5}
    words |= {w for phrase in (*vocab.phrases, *CUE_PHRASES) for w in phrase.split() if len(w) >= 4}
    words |= {w for w in vocab.job_words if len(w) >= 4}
    grouped: dict[str, list[str]] = {}
    for word in sorted(words - STOPWORDS):
        grouped.setdefault(word[0], []).append(word)
    return {letter: tuple(group) for letter, group in grouped.items()}


#: What people call common places, by the place's name in matching form.
_PLACE_NAMES: dict[str, tuple[str, ...]] = {
    "new york": ("nyc", "ny", "new york city", "manhattan"),
    "san francisco": ("sf", "san fran", "bay area"),
    "los angeles": ("la",),
    "london": ("ldn",),
    "remote": ("wfh", "anywhere", "remotely", "fully remote"),
    "washington": ("dc",),
}

#: Stage aliases that mean something else on their own ("hm" is a hiring manager, "phone" a number).
_NOT_ALONE = frozenset({"hm", "phone", "tech", "final", "screening", "phonecall"})

#: How people say stages whose titles differ, by the words they type (matching form).
_SPOKEN_STAGES: dict[str, tuple[str, ...]] = {
    "on site": ("onsite", "onsite interview", "final round"),
    "onsites": ("onsite",),
    "final round": ("onsite", "final round", "final interview"),
    "final interview": ("onsite", "final interview"),
    "finals": ("onsite", "final round"),
    "phone screen": ("recruiter screen", "phone screen"),
    "phone screens": ("recruiter screen", "phone screen"),
    "recruiter call": ("recruiter screen",),
    "screen": ("recruiter screen",),
    "screening": ("recruiter screen",),
    "hm screen": ("hiring manager screen",),
    "hm interview": ("hiring manager screen", "hiring manager interview"),
    "manager screen": ("hiring manager screen",),
    "tech interview": ("technical interview",),
    "tech screen": ("technical interview", "technical screen"),
    "technical": ("technical interview",),
    "technical round": ("technical interview",),
    "coding interview": ("technical interview",),
    "refs": ("reference check",),
    "references": ("reference check",),
    "reference": ("reference check",),
    "ref check": ("reference check",),
    "ref checks": ("reference check",),
    "reference checks": ("reference check",),
    "app review": ("application review",),
    "review": ("application review",),
    "leads": ("new lead",),
    "lead": ("new lead",),
    "offer stage": ("offer",),
    "portfolio": ("portfolio review",),
}
