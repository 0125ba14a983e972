"""Spotting the things a sentence names: candidates, jobs, stages, people, departments, locations, tags,
sources and days, each as a span of tokens with a confidence, plus the cue words that say what is asked.

Order matters and follows how people write: Slack mentions, emails and requisition ids are unambiguous;
then known phrases (stage titles, users, departments... and multi-word cues), longest first; then runs of
job-title words ("the backend role", "account exec"); what is left that could be a name is resolved
against the candidate index. Typos in cue and vocabulary words are corrected first, but never in a word
that is exactly part of some candidate's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .cues import CUE_PHRASES, CUE_WORDS, DAY_PHRASES, DAYS, SELF_WORDS, STOPWORDS
from .text import Cleaned, Token
from .vocabulary import EntityKind, Named, Vocabulary

#: Words that may join the words of one job title ("VP of Finance", "Research & Development").
_JOB_JOINERS = frozenset({"of", "and"})
_JOB_ABBREVIATIONS = frozenset({"sr", "snr", "jr", "eng", "mgr", "pm", "swe", "ae", "csm", "ml", "vp"})
#: Words before a stage's title that show it is meant as the stage ("at offer", "to hired").
_STAGE_MARKERS = frozenset({"in", "at", "to", "into", "reached", "through", "past"})
#: Phrases that may also be read as part of a job title or a name ("data", "customer success", "dana").
_SOFT_KINDS = frozenset({"department", "location", "person"})
#: A candidate span found by fuzzy matching alone (no word of it exactly a known name) counts for less.
UNSURE_NAME = 0.6
#: How much a capitalised name that matches no candidate counts: enough for a question with clear cues.
UNKNOWN_NAME = 0.3
#: An ambiguous first name alone is weak evidence of a candidate (it may be a colleague).
AMBIGUOUS_ONE_WORD = 0.7
#: "me", "my": the asker, but a weak sign on its own that a question is about their interviews.
SELF = 0.6
#: A job named only by the start of a word ("prod", "exec") counts for less.
PREFIX_ONLY = 0.8
#: The most spans tried against the candidate index per sentence.
MAX_NAME_LOOKUPS = 6


@dataclass(frozen=True, slots=True)
class Entity:
    """A span of tokens ``[start, end)`` naming something, with how sure the spotter is."""

    kind: EntityKind
    start: int
    end: int
    text: str  # as typed: what an answer quotes back ("No candidate matches ...")
    id: str | None  # candidate / job / user id, stage title, a day code; None when unresolved
    title: str | None
    confidence: float
    ambiguous: bool = False  # several close matches: the answer is a picker, never a guess

    def overlaps(self, other: Entity) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Spotted:
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    #: Canonical cue -> the first token position it was seen at.
    cues: dict[str, int]
    after_colon: str | None
    #: A question mark was typed.
    asks: bool = False

    def of(self, kind: EntityKind) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]


def spot(cleaned: Cleaned, vocab: Vocabulary) -> Spotted:
    tokens = cleaned.tokens
    norms = [_corrected(t, vocab) for t in tokens]
    taken: list[str | None] = [None] * len(tokens)  # why a token is not part of a name
    entities: list[Entity] = []
    cues: dict[str, int] = {}

    def cue(name: str, at: int) -> None:
        cues.setdefault(name, at)

    for i, token in enumerate(tokens):
        if token.kind == "mention":
            entities.append(Entity("person", i, i + 1, token.text, f"slack:{token.text}", None, 1.0))
            taken[i] = "person"
        elif token.kind == "email":
            entities.extend(_candidate_spans(tokens, i, i + 1, vocab, email=True))
            taken[i] = "candidate"
        elif token.kind == "req":
            entities.extend(_job_span(tokens, i, i + 1, vocab))
            taken[i] = "job"
    _phrases(tokens, norms, vocab, taken, entities, cue)
    for i, norm in enumerate(norms):
        if taken[i] is not None:
            continue
        if norm in SELF_WORDS:
            entities.append(Entity("person", i, i + 1, tokens[i].text, "me", None, SELF))
            taken[i] = "self"
        elif norm in STOPWORDS:
            taken[i] = "stop"
        elif norm in CUE_WORDS and not (tokens[i].text[:1].isupper() and vocab.is_name_word(norm) and i > 0):
            cue(CUE_WORDS[norm], i)
            # "manager" between job words is part of a title ("eng manager platform"), else a cue.
            if not _inside_job_title(norms, taken, i, vocab):
                taken[i] = "cue"
    _jobs(tokens, norms, vocab, taken, entities)
    _names(tokens, norms, vocab, taken, entities)
    return Spotted(tokens, tuple(entities), cues, cleaned.after_colon, cleaned.asks)


# -- typos ------------------------------------------------------------------------------------------------


def _corrected(token: Token, vocab: Vocabulary) -> str:
    """The token's matching form, with a typo in a cue, day or vocabulary word corrected."""
    norm = token.norm
    if token.kind != "word" or len(norm) < 4 or " " in norm:
        return norm
    if norm in STOPWORDS or norm in CUE_WORDS or norm in DAYS or norm in vocab.phrases or norm in vocab.job_words:
        return norm
    if vocab.is_name_word(norm):
        return norm
    candidates = vocab.correctable.get(norm[0], ())
    limit = 1 if len(norm) < 8 else 2
    found = process.extractOne(norm, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit)
    return found[0] if found is not None else norm


# -- known phrases ------------------------------------------------------------------------------------------


def _phrases(
    tokens: tuple[Token, ...],
    norms: list[str],
    vocab: Vocabulary,
    taken: list[str | None],
    entities: list[Entity],
    cue: Callable[[str, int], None],
) -> None:
    """Multi-word cues, days and vocabulary phrases, longest first; a word joins at most one of them,
    except that a department, location, tag or source may also be read as (part of) a job or a name."""
    longest = max(vocab.longest_phrase, 4)
    for size in range(longest, 0, -1):
        for start in range(0, len(tokens) - size + 1):
            span = range(start, start + size)
            if any(taken[i] is not None or tokens[i].kind != "word" for i in span):
                continue
            phrase = " ".join(norms[i] for i in span)
            text = " ".join(tokens[i].text for i in span)
            if phrase in CUE_PHRASES and size > 1:
                cue(CUE_PHRASES[phrase], start)
                _take(taken, span, "cue")
                continue
            day = DAY_PHRASES.get(phrase) if size > 1 else DAYS.get(phrase)
            if day is not None:
                entities.append(Entity("when", start, start + size, text, day, day, 1.0))
                _take(taken, span, "when")
                continue
            named = vocab.lookup(phrase)
            if size == 1 and phrase in CUE_WORDS:
                # "elena's offer" is the offer; "at offer", "to offer" is the stage.
                as_stage = start > 0 and norms[start - 1] in _STAGE_MARKERS
                named = [n for n in named if n.kind != "stage" or as_stage]
                if not any(n.kind == "stage" for n in named):
                    cue(CUE_WORDS[phrase], start)
            if not named:
                continue
            soft = True
            for item in named:
                entities.append(_entity(item, start, start + size, text))
                soft = soft and (item.kind in _SOFT_KINDS or (size == 1 and item.kind in ("tag", "source")))
            if not soft:
                _take(taken, span, named[0].kind)


def _take(taken: list[str | None], span: range, why: str) -> None:
    for i in span:
        taken[i] = why


def _entity(item: Named, start: int, end: int, text: str) -> Entity:
    return Entity(item.kind, start, end, text, item.id, item.title, item.confidence)


# -- jobs ---------------------------------------------------------------------------------------------------


def _is_job_word(norm: str, vocab: Vocabulary) -> bool:
    if norm in vocab.job_words or norm in _JOB_ABBREVIATIONS:
        return True
    return len(norm) >= 3 and norm not in STOPWORDS and any(w.startswith(norm) for w in vocab.job_words)


def _inside_job_title(norms: list[str], taken: list[str | None], i: int, vocab: Vocabulary) -> bool:
    if norms[i] not in vocab.job_words:
        return False
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(norms) and taken[j] is None]
    return any(_is_job_word(norms[j], vocab) and norms[j] not in CUE_WORDS for j in neighbours)


def _jobs(
    tokens: tuple[Token, ...], norms: list[str], vocab: Vocabulary, taken: list[str | None], entities: list[Entity]
) -> None:
    """Runs of job-title words, each resolved as a whole against the job titles."""
    i = 0
    while i < len(tokens):
        if taken[i] is not None or not _is_job_word(norms[i], vocab):
            i += 1
            continue
        end = i + 1
        while end < len(tokens) and (
            (taken[end] is None and _is_job_word(norms[end], vocab))
            or (norms[end] in _JOB_JOINERS and end + 1 < len(tokens) and _is_job_word(norms[end + 1], vocab))
        ):
            end += 1
        found = _job_span(tokens, i, end, vocab, norms=norms)
        if found:
            entities.extend(found)
            for j in range(i, end):
                taken[j] = "job"
        i = end


def _job_span(
    tokens: tuple[Token, ...], start: int, end: int, vocab: Vocabulary, *, norms: list[str] | None = None
) -> list[Entity]:
    text = " ".join(tokens[i].text for i in range(start, end))
    query = " ".join(norms[start:end]) if norms is not None else text
    resolution = vocab.jobs.resolve(query)
    best = resolution.best
    if best is None:
        return []
    confidence = min(1.0, best.score / 100)
    words = norms[start:end] if norms is not None else []
    if words and not any(w in vocab.job_words or w in _JOB_ABBREVIATIONS for w in words):
        confidence *= PREFIX_ONLY  # "prod" may be Product Designer, or production
    if resolution.outcome == "found":
        return [Entity("job", start, end, text, best.job.id, best.job.title, confidence)]
    return [Entity("job", start, end, text, None, None, confidence * 0.8, ambiguous=True)]


# -- candidate names ----------------------------------------------------------------------------------------


def _names(
    tokens: tuple[Token, ...], norms: list[str], vocab: Vocabulary, taken: list[str | None], entities: list[Entity]
) -> None:
    """What is left between the cue words that could be a name, resolved against the candidate index."""
    if vocab.candidates is None:
        return
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, token in enumerate(tokens):
        nameish = token.kind == "word" and taken[i] is None
        if nameish and start is None:
            start = i
        if not nameish and start is not None:
            runs.append((start, i))
            start = None
        if start is not None and token.possessive:  # "jane's recruiter": the name ends here
            runs.append((start, i + 1))
            start = None
    if start is not None:
        runs.append((start, len(tokens)))
    budget = MAX_NAME_LOOKUPS
    for run_start, run_end in runs:
        for span_start, span_end in _spans(run_start, run_end):
            if budget <= 0:
                return
            budget -= 1
            found = _candidate_spans(tokens, span_start, span_end, vocab)
            if found:
                entities.extend(found)
                break
        else:
            run = tokens[run_start:run_end]
            if all(t.text[:1].isupper() and t.norm.isalpha() for t in run) and (len(run) > 1 or run_start > 0):
                # Looks like a name nobody has: the answer lists the closest matches.
                text = " ".join(t.text for t in run)
                entities.append(Entity("candidate", run_start, run_end, text, None, None, UNKNOWN_NAME))


def _spans(start: int, end: int) -> list[tuple[int, int]]:
    """Sub-spans of a run, longest first, capped at four words (names are rarely longer)."""
    size = min(end - start, 4)
    spans: list[tuple[int, int]] = []
    while size >= 1:
        spans.extend((s, s + size) for s in range(start, end - size + 1))
        size -= 1
    return spans


def _candidate_spans(
    tokens: tuple[Token, ...], start: int, end: int, vocab: Vocabulary, *, email: bool = False
) -> list[Entity]:
    text = " ".join(tokens[i].text for i in range(start, end))
    if vocab.candidates is None:
        return [Entity("candidate", start, end, text, None, None, 0.5)]
    resolution = vocab.candidates.resolve(text)
    best = resolution.best
    if best is None:
        return [Entity("candidate", start, end, text, None, None, 0.5)] if email else []
    confidence = best.score / 100
    if not email and not any(vocab.is_name_word(tokens[i].norm) for i in range(start, end)):
        if resolution.outcome != "found":
            return []  # an ordinary word near several names ("plate", "weather") is not a name
        confidence *= UNSURE_NAME
    if resolution.outcome == "found":
        return [Entity("candidate", start, end, text, best.candidate.id, best.candidate.name, confidence)]
    if end - start == 1 and not email:
        confidence = min(confidence, AMBIGUOUS_ONE_WORD)
    return [Entity("candidate", start, end, text, None, best.candidate.name, confidence * 0.95, ambiguous=True)]
