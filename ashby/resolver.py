"""Resolving what people type into candidates, jobs and stages.

People type names with typos, in either order, without accents, or only in part; they paste emails or
parts of them; they say "backend role" or "req 1042" for a job and "phone screen" for a stage. Every
resolver answers the same way: ``found`` (a clear winner, which the bot may act on), ``ambiguous`` (near
ties, shown as a picker, never guessed between) or ``not_found``. An identity (the same full name, email
or requisition id; typed as stored beats the same words reordered) wins cleanly; otherwise a winner must
lead the next option by ``tie_margin``.

Candidates are matched without a per-query loop over the whole index: each query token is compared with
the vocabulary tokens that could be one edit away from it (see ``CandidateIndex.tokens_near``), the
candidates holding those tokens form the pool, and rapidfuzz scores the pool's precomputed keys.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, Literal, NamedTuple, Protocol, TypeVar

from rapidfuzz import fuzz, process

from .index import CandidateIndex, IndexedCandidate
from .normalize import compact, normalize, sorted_key

Outcome = Literal["found", "ambiguous", "not_found"]

#: A token one edit away from a name token of four or more letters still counts as that token.
TOKEN_CUTOFF = 75.0
#: A candidate enters the pool when the query tokens it matches make up this share of the query.
POOL_FLOOR = 60.0
#: A name matched token by token (a part of it, or reordered with typos) scores below a whole match.
PARTIAL = 0.9
#: Ranking boost for candidates with an active application: orders near ties, never decides them.
ACTIVE_BOOST = 3.0
#: Email prefix hits looked at, so a one-letter prefix cannot walk the whole list.
MAX_PREFIX_HITS = 50


class _Scored(Protocol):
    @property
    def score(self) -> float: ...


M = TypeVar("M", bound=_Scored)
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Match:
    candidate: IndexedCandidate
    score: float  # name (or email) similarity, 0-100


@dataclass(frozen=True, slots=True)
class Resolution(Generic[M]):
    query: str
    matches: tuple[M, ...]  # best first; for ``ambiguous``, only the near-tied options
    outcome: Outcome

    @property
    def best(self) -> M | None:
        return self.matches[0] if self.matches else None


#: Identity tiers: the same text (name, email, id) beats the same words in another order or spacing.
NOT_SAME, SAME_WORDS, SAME = 0, 1, 2


class _Hit(NamedTuple, Generic[K]):
    score: float  # decides ties
    rank: float  # orders matches: the score plus any preference boost
    identity: int  # NOT_SAME, SAME_WORDS or SAME
    key: K


def _decide(
    query: str, hits: Sequence[_Hit[K]], make: Callable[[K, float], M], *, limit: int, tie_margin: float
) -> Resolution[M]:
    """Found, ambiguous or not found: the top identity tier wins alone, else a leader clear of the margin."""
    if not hits:
        return Resolution(query, (), "not_found")
    rank = itemgetter(1)
    top = max(h.score for h in hits)
    tier = max(h.identity for h in hits)
    contenders = [h for h in hits if h.identity == tier] if tier else [h for h in hits if h.score > top - tie_margin]
    if len(contenders) > 1:
        chosen = heapq.nlargest(limit, contenders, key=rank)
        return Resolution(query, tuple(make(h.key, h.score) for h in chosen), "ambiguous")
    winner = contenders[0]
    others = heapq.nlargest(limit - 1, (h for h in hits if h is not winner), key=rank)
    return Resolution(query, tuple(make(h.key, h.score) for h in (winner, *others)), "found")


class CandidateResolver:
    """Names and emails to candidates of a ``CandidateIndex``."""

    def __init__(self, index: CandidateIndex, *, min_score: float = 70, tie_margin: float = 5) -> None:
        self._index = index
        self.min_score = min_score
        self.tie_margin = tie_margin

    def resolve(self, query: str, *, limit: int = 5) -> Resolution[Match]:
        text = query.strip()
        email = "@" in text
        hits = self._email_hits(text.strip("<>").lower(), limit) if email else self._name_hits(normalize(text))
        return _decide(query, hits, Match, limit=limit, tie_margin=self.tie_margin)

    def _hit(self, candidate: IndexedCandidate, score: float, identity: int) -> _Hit[IndexedCandidate]:
        score = 100.0 if identity else score
        boost = ACTIVE_BOOST if candidate.active_applications else 0.0
        return _Hit(score, score + boost, identity, candidate)

    # -- emails --------------------------------------------------------------------------------------------

    def _email_hits(self, query: str, limit: int) -> list[_Hit[IndexedCandidate]]:
        """The exact email, else emails starting with what was typed, else close ones (typos)."""
        exact = self._index.by_email(query)
        if exact:
            return [self._hit(c, 100.0, SAME) for c in exact]
        emails = self._index.sorted_emails()
        start = bisect.bisect_left(emails, query)  # sorted: emails starting with the query follow here
        prefixed = [e for e in emails[start : start + MAX_PREFIX_HITS] if e.startswith(query)]
        scored: list[tuple[str, float]]
        if prefixed:
            # A longer share of the email typed is a closer match: 90 for a bare prefix, up to 100.
            scored = [(e, 90.0 + 10.0 * len(query) / len(e)) for e in prefixed]
        else:
            # Typos: compare with the emails sharing the first letter (a sorted slice, no full scan).
            low = bisect.bisect_left(emails, query[0])
            high = bisect.bisect_left(emails, chr(ord(query[0]) + 1))
            found = process.extract(
                query, emails[low:high], scorer=fuzz.ratio, score_cutoff=self.min_score, limit=limit * 2
            )
            scored = [(e, s) for e, s, _ in found]
        return [self._hit(c, score, NOT_SAME) for email, score in scored for c in self._index.by_email(email)]

    # -- names ---------------------------------------------------------------------------------------------

    def _token_hits(self, token: str) -> dict[int, float]:
        """Slots holding ``token`` or a vocabulary token one edit away, with the best such similarity."""
        index = self._index
        near: dict[str, float] = {}
        if len(token) == 1:  # an initial: only itself (one edit turns it into anything)
            near[token] = 100.0
        else:
            for group in index.tokens_near(token):
                found = process.extract(token, group, scorer=fuzz.ratio, score_cutoff=TOKEN_CUTOFF, limit=None)
                near.update((t, s) for t, s, _ in found)
        best: dict[int, float] = {}
        for near_token, score in sorted(near.items(), key=itemgetter(1)):  # better scores overwrite
            best.update(dict.fromkeys(index.slots_with_token(near_token), score))
        # Two of a name's tokens typed as one ("doyun" for Do-yun, "obrien" for O'Brien).
        for cut in range(1, len(token)):
            left, right = index.slots_with_token(token[:cut]), index.slots_with_token(token[cut:])
            if left and right:
                best.update(dict.fromkeys(set(left).intersection(right), 100.0))
        return best

    def _token_scores(self, tokens: list[str]) -> dict[int, float]:
        """Per slot: how much of the query its tokens match (each query token weighted by its length)."""
        per_token = [self._token_hits(t) for t in tokens]
        if len(tokens) == 1:
            return per_token[0]
        total = float(sum(len(t) for t in tokens))
        summed: dict[int, float] = {}
        for token, hits in zip(tokens, per_token, strict=True):
            weight = len(token) / total
            get = summed.get
            for slot, score in hits.items():
                summed[slot] = get(slot, 0.0) + weight * score
        return {slot: score for slot, score in summed.items() if score >= POOL_FLOOR}

    def _name_hits(self, query: str) -> list[_Hit[IndexedCandidate]]:
        tokens = query.split()
        if not tokens:
            return []
        pool_scores = self._token_scores(tokens)
        pool = list(pool_scores)
        scores = {slot: PARTIAL * score for slot, score in pool_scores.items()}
        identities: dict[int, int] = {}
        keys = self._index.name_keys
        passes = [(query, keys, SAME)]
        if len(tokens) > 1:  # swapped order: compare the tokens sorted on both sides
            passes.append((sorted_key(query), self._index.sorted_name_keys, SAME_WORDS))
        for text, column, tier in passes:
            choices = [column[slot] for slot in pool]
            for _, score, i in process.extract(
                text, choices, scorer=fuzz.ratio, score_cutoff=self.min_score, limit=None
            ):
                slot = pool[i]
                if score == 100.0:
                    identities.setdefault(slot, tier)
                if score > scores[slot]:
                    scores[slot] = score
        records = self._index.records
        squeezed = compact(query)
        hits = []
        for slot, score in scores.items():
            if score < self.min_score:
                continue
            # "obrien" is "o brien": the same name but for spacing.
            identity = identities.get(slot, NOT_SAME)
            if not identity and score >= 85 and compact(keys[slot]) == squeezed:
                identity = SAME_WORDS
            record = records[slot]
            assert record is not None  # pooled slots hold records
            hits.append(self._hit(record, score, identity))
        return hits


# -- jobs and stages: short lists, scored title by title ------------------------------------------------


def _title_score(query: str, title: str) -> tuple[float, int]:
    """Similarity of normalised ``query`` to a normalised title, and its identity tier.

    Query words may be partial ("eng" for "engineer") and a few of the title's ("backend" for "Senior
    Backend Engineer"); a title whose words are all covered scores a little higher than a longer one.
    """
    if not query or not title:
        return 0.0, NOT_SAME
    if query == title:
        return 100.0, SAME
    if compact(query) == compact(title) or sorted_key(query) == sorted_key(title):
        return 100.0, SAME_WORDS
    title_tokens = title.split()
    covered: set[int] = set()
    weighted = 0.0
    for word in query.split():
        best, where = 0.0, -1
        for i, token in enumerate(title_tokens):
            if word == token:
                score = 100.0
            elif len(word) >= 3 and token.startswith(word):
                score = 95.0
            else:
                score = fuzz.ratio(word, token)
            if score > best:
                best, where = score, i
        if best >= TOKEN_CUTOFF:
            weighted += len(word) * best
            covered.add(where)
    by_words = weighted / len(compact(query)) * (0.85 + 0.1 * len(covered) / len(title_tokens))
    return max(fuzz.ratio(query, title), fuzz.ratio(compact(query), compact(title)), by_words), NOT_SAME


class JobRef(NamedTuple):
    id: str
    title: str
    requisition_id: str | None
    status: str  # Draft | Open | Closed | Archived


@dataclass(frozen=True, slots=True)
class JobMatch:
    job: JobRef
    score: float  # title similarity, 10 lower for jobs that are not Open


#: Words that say "a job" without naming one: "the backend role".
_JOB_FILLER = frozenset({"a", "an", "the", "for", "our", "role", "roles", "job", "jobs", "position", "opening"})
_JOB_ABBREVIATIONS = {"sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "eng": "engineer"}
_REQ_PREFIX = re.compile(r"^(?:requisition|req)(?=\d|$)")
#: Open jobs come first: other statuses score this much lower.
NOT_OPEN_PENALTY = 10.0


#: A job named by its initials: a clear winner when only one title has them, below a title typed out.
INITIALS_SCORE = 90.0


def title_initials(title: str) -> str:
    """ "customer success manager" -> "csm"; "vp of finance" -> "vf" (small words do not count)."""
    return "".join(w[0] for w in title.split() if w not in ("of", "and", "the", "for"))


def _requisition_key(text: str) -> str:
    """ "REQ-1042", "req 1042" and "1042" all become "1042"; "ENG-12" becomes "eng12"."""
    return _REQ_PREFIX.sub("", compact(normalize(text)))


class JobResolver:
    """Titles (fuzzy, partial words) or requisition ids (exact) to jobs; Open jobs first."""

    def __init__(
        self,
        jobs: Iterable[tuple[str, str, str | None, str]],
        *,
        min_score: float = 70,
        tie_margin: float = 5,
    ) -> None:
        self.jobs = [JobRef(*job) for job in jobs]
        self.min_score = min_score
        self.tie_margin = tie_margin
        self._titles = [normalize(job.title) for job in self.jobs]
        self._requisitions = [_requisition_key(job.requisition_id or "") for job in self.jobs]
        self.title_initials = [title_initials(title) for title in self._titles]

    def resolve(self, query: str, *, limit: int = 5) -> Resolution[JobMatch]:
        hits = self._requisition_hits(query) or self._initials_hits(query) or self._title_hits(query)
        return _decide(query, hits, JobMatch, limit=limit, tie_margin=self.tie_margin)

    def _initials_hits(self, query: str) -> list[_Hit[JobRef]]:
        """ "CSM", "the AE role": a title's initials, as people abbreviate the jobs they talk about daily."""
        words = [w for w in normalize(query).split() if w not in _JOB_FILLER]
        if len(words) != 1 or len(words[0]) < 2:
            return []
        pairs = zip(self.jobs, self.title_initials, strict=True)
        return [_Hit(INITIALS_SCORE, INITIALS_SCORE, NOT_SAME, job) for job, initials in pairs if initials == words[0]]

    def _requisition_hits(self, query: str) -> list[_Hit[JobRef]]:
        wanted = _requisition_key(query)
        if not any(ch.isdigit() for ch in wanted):
            return []
        pairs = zip(self.jobs, self._requisitions, strict=True)
        return [_Hit(100.0, 100.0, SAME, job) for job, req in pairs if req == wanted]

    def _title_hits(self, query: str) -> list[_Hit[JobRef]]:
        words = [_JOB_ABBREVIATIONS.get(w, w) for w in normalize(query).split()]
        text = " ".join(w for w in words if w not in _JOB_FILLER) or " ".join(words)
        hits = []
        for job, title in zip(self.jobs, self._titles, strict=True):
            score, identity = _title_score(text, title)
            if job.status != "Open":
                score -= NOT_OPEN_PENALTY
            if score >= self.min_score or identity:
                hits.append(_Hit(score, score, identity, job))
        tier = max((h.identity for h in hits), default=NOT_SAME)
        if tier and any(h.identity == tier and h.key.status == "Open" for h in hits):  # same title: the Open one
            hits = [h if h.key.status == "Open" else h._replace(identity=NOT_SAME) for h in hits]
        return hits


class StageRef(NamedTuple):
    id: str
    title: str
    type: str = ""  # Lead | PreInterviewScreen | Active | Offer | Hired | Archived


@dataclass(frozen=True, slots=True)
class StageMatch:
    stage: StageRef
    score: float


#: What people call common stages, by the compact form of what they type; tried after the words as typed.
STAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "phonescreen": ("recruiter screen", "phone interview"),
    "phone": ("recruiter screen", "phone screen"),
    "phonecall": ("recruiter screen", "phone screen"),
    "recruitercall": ("recruiter screen",),
    "introcall": ("recruiter screen",),
    "screening": ("recruiter screen", "screen"),
    "hm": ("hiring manager screen", "hiring manager interview"),
    "hmscreen": ("hiring manager screen",),
    "hminterview": ("hiring manager interview",),
    "techscreen": ("technical screen", "technical interview"),
    "tech": ("technical interview", "technical screen"),
    "onsite": ("onsite interview", "final round", "final interview"),
    "final": ("final round", "final interview", "onsite"),
    "finalround": ("final interview", "onsite"),
    "takehome": ("take home assignment", "assignment", "work sample"),
    "refs": ("reference check",),
    "references": ("reference check",),
}
#: An alias scores a little below the same words typed, so a stage really called that wins.
ALIAS_FACTOR = 0.95
#: Rejecting is an action with an archive reason, not a move to a stage: never resolve it here.
_NOT_A_STAGE = frozenset({"reject", "rejected", "archive", "archived", "decline", "declined"})


class StageResolver:
    """Stage titles of one interview plan (never another plan's) to stages; Archived stages excluded."""

    def __init__(
        self,
        stages: Iterable[tuple[str, str] | tuple[str, str, str]],
        *,
        min_score: float = 70,
        tie_margin: float = 5,
    ) -> None:
        self.stages = [s for s in (StageRef(*stage) for stage in stages) if s.type != "Archived"]
        self.min_score = min_score
        self.tie_margin = tie_margin
        self._titles = [normalize(stage.title) for stage in self.stages]

    def resolve(self, query: str, *, limit: int = 5) -> Resolution[StageMatch]:
        text = normalize(query)
        if compact(text) in _NOT_A_STAGE:
            return Resolution(query, (), "not_found")
        phrasings = [(text, 1.0)] + [(alias, ALIAS_FACTOR) for alias in STAGE_ALIASES.get(compact(text), ())]
        hits = []
        for stage, title in zip(self.stages, self._titles, strict=True):
            best, same = 0.0, NOT_SAME
            for phrasing, factor in phrasings:
                score, identity = _title_score(phrasing, title)
                if score * factor > best:
                    best, same = score * factor, identity if factor == 1.0 else NOT_SAME
            if best >= self.min_score or same:
                hits.append(_Hit(best, best, same, stage))
        return _decide(query, hits, StageMatch, limit=limit, tie_margin=self.tie_margin)
