"""Understanding a sentence: spot what it names, then pick the frame that explains it best.

``understand`` is pure and fast: the vocabulary (jobs, stages, people, the candidate index) is built
beforehand from the caches. Writes ("move jane to onsite") are recognised by the verb they lead with; every
other sentence is scored against the intent frames. Two close readings become an ask-back; an entity with no
cue becomes that entity's card; text with neither is ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..intents import Intent, parse_write
from .cues import LEAD_INS, QUESTION_WORDS, WRITE_VERBS
from .entities import Entity, Spotted, spot
from .frames import FRAMES, Frame
from .text import clean
from .vocabulary import EntityKind, Vocabulary

#: A runner-up this close to the winner, with cues of its own, is worth asking about.
ASK_BACK_MARGIN = 0.2
#: ...and only when both readings rest on words that clearly ask for them, not on a weak hint.
STRONG_CUES = 0.8
#: Below this nothing was understood.
MIN_SCORE = 1.0
#: How clear a question must be for an unknown name in it to be answered with "No candidate matches".
CLEAR_QUESTION = 1.2
#: A bare name is read as that candidate's card only when it is this sure (a stray word is not a name).
BARE_NAME = 0.6
#: Verbs that turn a sentence into an instruction only when they lead it ("should we pass on jane?").
NOT_LATER = frozenset({"private", "pass"})
#: A second name this sure makes an instruction name two people.
SECOND_PERSON = 0.7
#: Words that mark where an instruction sends someone ("... over to the data scientist job").
_TO = frozenset({"to", "into", "onto"})
ONE_AT_A_TIME = "one candidate at a time, e.g. move jane doe to onsite"
#: Entities a frame leaves unexplained count against it, by kind.
UNUSED_PENALTY: dict[str, float] = {"candidate": 0.6, "job": 0.5, "stage": 0.3, "when": 0.2}
SUGGESTIONS = (
    "what stage is Jane Doe at?",
    "what interviews do I have today?",
    "how many candidates are in onsite for the backend role?",
)


@dataclass(frozen=True, slots=True)
class Reading:
    """The intent understood, and close alternatives to offer as buttons when it is a toss-up."""

    intent: Intent
    alternatives: tuple[tuple[str, Intent], ...] = ()


@dataclass(frozen=True, slots=True)
class _Scored:
    frame: Frame
    score: float
    cue_score: float
    chosen: dict[EntityKind, Entity]


def understand(text: str, vocab: Vocabulary, *, bot_user_id: str | None = None) -> Reading:
    cleaned = clean(text, bot_user_id=bot_user_id)
    if cleaned.greeting:
        return Reading(Intent("help"))
    if not cleaned.tokens:
        return Reading(Intent("unknown", suggestions=SUGGESTIONS))
    spotted = spot(cleaned, vocab)
    write = _write(spotted)
    if write is not None:
        return Reading(write)
    ranked = sorted(
        (s for frame in FRAMES if (s := _score(frame, spotted)) is not None), key=lambda s: s.score, reverse=True
    )
    if not ranked or ranked[0].score < MIN_SCORE:
        return Reading(Intent("unknown", suggestions=SUGGESTIONS))
    best = ranked[0]
    intent = _intent(best)
    close = [
        s
        for s in ranked[1:3]
        if s.score >= best.score - ASK_BACK_MARGIN
        and min(s.cue_score, best.cue_score) >= STRONG_CUES
        and not s.frame.base
        and _subject(s) == _subject(best)
        and s.frame.label.split(".")[0] == best.frame.label.split(".")[0]
    ]
    if close:
        options = [(best.frame.prompt, intent)] + [(s.frame.prompt, _intent(s)) for s in close]
        return Reading(intent, alternatives=tuple(options))
    return Reading(intent)


# -- scoring ------------------------------------------------------------------------------------------------


def _score(frame: Frame, spotted: Spotted) -> _Scored | None:
    if frame.requires and not frame.requires.intersection(spotted.cues):
        return None
    chosen: dict[EntityKind, Entity] = {}
    for kind in frame.needs:
        entity = _best(spotted, kind, chosen)
        if entity is None:
            return None
        chosen[kind] = entity
    for kind in frame.takes:
        entity = _best(spotted, kind, chosen)
        if entity is not None:
            chosen[kind] = entity
    cue_score = sum(w for cue, w in frame.cues.items() if cue in spotted.cues)
    cue_score -= sum(w for cue, w in frame.against.items() if cue in spotted.cues)
    if not frame.cues and frame.needs and chosen[frame.needs[0]].confidence < BARE_NAME:
        return None
    candidate = chosen.get("candidate")
    if candidate is not None and candidate.id is None and not candidate.ambiguous and cue_score < CLEAR_QUESTION:
        return None  # a capitalised word that matches nobody is a name only when the question is clear
    score = frame.base + cue_score
    score += sum(chosen[k].confidence for k in frame.needs)
    optional = (e.confidence * (1.0 if k in frame.subjects else 0.5) for k, e in chosen.items() if k not in frame.needs)
    score += sum(optional)
    used = list(chosen.values())
    for entity in spotted.entities:
        penalty = UNUSED_PENALTY.get(entity.kind)
        if penalty and entity.kind not in chosen and not any(entity.overlaps(u) for u in used):
            score -= penalty * entity.confidence
    return _Scored(frame, score, cue_score, chosen)


def _best(spotted: Spotted, kind: EntityKind, chosen: dict[EntityKind, Entity]) -> Entity | None:
    options = [e for e in spotted.of(kind) if not any(e.overlaps(c) for c in chosen.values())]
    if not options:
        return None
    # A sure entity beats a longer unsure one; among equals the longer span (the full name) wins.
    return max(options, key=lambda e: (round(e.confidence, 2), e.end - e.start))


def _subject(scored: _Scored) -> str | None:
    entity = scored.chosen.get("candidate") or scored.chosen.get("job")
    return entity.id if entity else None


# -- from a frame to an Intent ----------------------------------------------------------------------------


def _intent(scored: _Scored) -> Intent:
    label = scored.frame.label
    chosen = scored.chosen
    candidate = chosen.get("candidate")
    job = chosen.get("job")
    stage = chosen.get("stage")
    who = _who(chosen.get("person"))
    when = chosen.get("when")
    group, _, fact = label.partition(".")
    if group == "candidate":
        assert candidate is not None
        query = candidate.text
        if fact in ("feedback", "feedback_owed"):
            return Intent(
                "feedback", query=query, pending=fact == "feedback_owed", stage=stage.title if stage else None
            )
        return Intent(
            "candidate",
            query=query,
            fact=fact or None,  # type: ignore[arg-type]
            job=_title(job),
            stage=stage.title if stage else None,
            when=when.id if when else None,  # type: ignore[arg-type]
        )
    if label == "job.stale":
        return Intent("stale", query=_title(job))
    if group == "job":
        return Intent(
            "pipeline",
            query=_title(job),
            stage=stage.title if stage else None,
            fact=None if fact == "pipeline" else fact,  # type: ignore[arg-type]
        )
    if label == "stale":
        return Intent("stale")
    if label == "jobs":
        department, location = chosen.get("department"), chosen.get("location")
        return Intent(
            "jobs", department=department.title if department else None, location=location.title if location else None
        )
    if label == "interviews":
        slack_user, user_id = who
        return Intent("interviews", when=when.id if when else None, who=slack_user, user_id=user_id)  # type: ignore[arg-type]
    if label == "offers.pending":
        return Intent("offers", pending=True)
    return Intent(label)  # type: ignore[arg-type]


def _title(entity: Entity | None) -> str | None:
    """A job as typed, never the title the vocabulary matched: the answer resolves it again among the jobs
    the asker may see, so a confidential job's title is never quoted back to someone outside it."""
    return entity.text if entity is not None else None


def _who(person: Entity | None) -> tuple[str | None, str | None]:
    """("me" or a Slack user id, an Ashby user id) for a person entity."""
    if person is None or person.id is None:
        return None, None
    if person.id == "me":
        return "me", None
    if person.id.startswith("slack:"):
        return person.id.removeprefix("slack:"), None
    return None, person.id


# -- writes -------------------------------------------------------------------------------------------------


def _verb(spotted: Spotted) -> tuple[str, int] | None:
    """The action an instruction asks for and where its verb stands: the leading verb, or a verb later in a
    sentence that neither starts as a question nor ends with a question mark ("jon passed the onsite, move
    him to offer")."""
    norms = [t.norm for t in spotted.tokens]
    first = next((i for i, n in enumerate(norms) if n not in LEAD_INS), None)
    # "did we ...?" asks; "we're passing on jane, please reject" (we are ...) states, then instructs.
    if first is None or (norms[first] in QUESTION_WORDS and not (first > 0 and norms[first - 1] == "we")):
        return None
    if norms[first] in WRITE_VERBS:
        return WRITE_VERBS[norms[first]], first
    if spotted.asks:
        return None
    later = (i for i in range(first + 1, len(norms)) if norms[i] in WRITE_VERBS and norms[i] not in NOT_LATER)
    at = next(later, None)
    return (WRITE_VERBS[norms[at]], at) if at is not None else None


def _write(spotted: Spotted) -> Intent | None:
    """An instruction; the candidate and the target come from the entities spotted."""
    found = _verb(spotted)
    cues = spotted.cues
    if found is None or "recommendation" in cues:
        return None
    verb, at = found
    people = _candidates(spotted)
    if len(people) > 1:  # "move jane to onsite and jon to offer": one at a time, never a guess
        return Intent("help", suggestions=(ONE_AT_A_TIME,))
    candidate = people[0] if people else None
    tagged = "tag" in cues or "tags" in cues or bool(spotted.of("tag"))
    if verb == "note" or (verb in ("add", "put") and "note" in cues):
        return _note(spotted, candidate, private="private" in cues)
    removing = any(WRITE_VERBS.get(t.norm) in ("remove", "untag") for t in spotted.tokens)
    if verb == "untag" or (verb in ("remove", "tag") and tagged and removing):
        return _tagging("untag", spotted, candidate)
    if verb == "tag" or (verb in ("add", "put") and ("tag" in cues or "tags" in cues)):
        return _tagging("tag", spotted, candidate)
    if candidate is None:
        return _grammar(spotted)
    query = candidate.text
    if verb == "reject":
        return Intent("reject", query=query)
    if verb == "hire" or (verb == "mark" and "hired" in cues):
        return Intent("hire", query=query)
    stage = _target(spotted, "stage", candidate, at)
    job = _target(spotted, "job", candidate, at)
    if verb in ("add", "put") and job is not None:
        return Intent("add", query=query, target=_title(job))
    if verb in ("move", "put", "transfer"):
        if job is not None and (verb == "transfer" or stage is None or "over_to" in cues):
            return Intent("transfer", query=query, target=_title(job))
        if stage is not None:
            return Intent("move", query=query, target=stage.title or stage.text)
    return _grammar(spotted)


def _candidates(spotted: Spotted) -> list[Entity]:
    """The different people an instruction names, surest first (a weak fuzzy match is not a second one)."""
    options = sorted(spotted.of("candidate"), key=lambda e: (-round(e.confidence, 2), -(e.end - e.start)))
    chosen: list[Entity] = []
    for entity in options:
        if not any(entity.overlaps(c) for c in chosen) and (not chosen or entity.confidence >= SECOND_PERSON):
            chosen.append(entity)
    return chosen


def _target(spotted: Spotted, kind: EntityKind, candidate: Entity, verb_at: int) -> Entity | None:
    """Where an instruction sends the candidate: the first such entity after the verb and the candidate
    ("move jane doe to onsite (she passed the technical interview)" is Onsite)."""
    after = max(verb_at, candidate.end - 1)
    options = sorted((e for e in spotted.of(kind) if not e.overlaps(candidate)), key=lambda e: e.start)
    norms = [t.norm for t in spotted.tokens]
    marked = (e for e in options if e.start > after and any(n in _TO for n in norms[max(0, e.start - 3) : e.start]))
    return next(marked, next((e for e in options if e.start > after), options[0] if options else None))


def _note(spotted: Spotted, candidate: Entity | None, *, private: bool) -> Intent:
    text = spotted.after_colon or _words_after(spotted, ("saying", "that", "with"))
    if candidate is None or not text:
        return Intent("help", suggestions=("/ashby note jane doe: strong systems design",))
    return Intent("note", query=candidate.text, text=text, private=private)


def _tagging(kind: str, spotted: Spotted, candidate: Entity | None) -> Intent:
    tag = next((e for e in spotted.of("tag") if candidate is None or not e.overlaps(candidate)), None)
    target = tag.title if tag else (spotted.after_colon or _words_after(spotted, ("as", "with")))
    if candidate is None or not target:
        return Intent("help", suggestions=(f"/ashby {kind} jane doe: Referral",))
    return Intent(kind, query=candidate.text, target=target)  # type: ignore[arg-type]


def _words_after(spotted: Spotted, markers: tuple[str, ...]) -> str | None:
    words = [t.text for t in spotted.tokens]
    norms = [t.norm for t in spotted.tokens]
    for i, norm in enumerate(norms):
        if norm in markers and i + 1 < len(words):
            return " ".join(words[i + 1 :]) or None
    return None


def _grammar(spotted: Spotted) -> Intent | None:
    """The command grammar over the words as typed, when the entities did not settle it."""
    words = [t.text for t in spotted.tokens]
    return parse_write(spotted.tokens[0].norm, " ".join(words[1:])) if words else None
