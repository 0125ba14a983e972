"""Intent frames: what each kind of question needs (entities) and how it is usually worded (cues).

A frame scores a sentence by the confidence of the entities it can use plus the weights of its cues found;
entities it cannot use count against it, so the frame that explains the most of the sentence wins. The
weights are small hand-set numbers: a strong cue ("recruiter") is worth about one sure entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import EntityKind


@dataclass(frozen=True, slots=True)
class Frame:
    label: str
    needs: tuple[EntityKind, ...] = ()
    takes: tuple[EntityKind, ...] = ()
    #: Optional entities that count as much as needed ones: the subject of a list ("dana's interviews").
    subjects: tuple[EntityKind, ...] = ()
    cues: dict[str, float] = field(default_factory=dict)
    #: Cues that say it is something else ("offers" is not about one candidate's tags).
    against: dict[str, float] = field(default_factory=dict)
    #: At least one of these cues must be present ("offers" needs the word offer).
    requires: frozenset[str] = frozenset()
    #: Score with no cue at all: the reading of a bare entity ("jane doe" is her card).
    base: float = 0.0
    #: A short name for the ask-back button ("her recruiter").
    prompt: str = ""


FRAMES: tuple[Frame, ...] = (
    Frame("help", cues={"help": 2.0}, base=0.05, prompt="what I can do"),
    # -- one candidate ----------------------------------------------------------------------------------
    Frame("candidate", needs=("candidate",), base=0.4, prompt="the whole card"),
    Frame(
        "candidate.stage",
        needs=("candidate",),
        takes=("job",),
        cues={"stage": 1.0, "where": 0.8, "process": 0.7, "far": 0.6, "progress": 0.6, "status": 0.45},
        prompt="the stage",
    ),
    Frame(
        "candidate.jobs",
        needs=("candidate",),
        cues={"job": 1.0, "jobs": 1.1, "applied": 1.0, "application": 0.8},
        against={"stage": 0.3},
        prompt="the jobs",
    ),
    Frame(
        "candidate.days",
        needs=("candidate",),
        takes=("stage", "job"),
        cues={"long": 1.3, "days": 1.0, "since": 0.7, "sitting": 0.6, "stale": 0.5},
        against={"how_did": 0.8},
        prompt="days in stage",
    ),
    Frame(
        "candidate.status",
        needs=("candidate",),
        cues={
            "status": 0.5,
            "active": 1.0,
            "still": 0.6,
            "archived": 1.1,
            "rejected": 1.1,
            "hired": 1.1,
            "hire": 0.6,
            "reject": 0.8,
            "closed": 0.4,
            "open": 0.3,
        },
        prompt="the status",
    ),
    Frame(
        "candidate.source",
        needs=("candidate",),
        takes=("source",),
        cues={"source": 1.3, "came_from": 1.3, "came": 0.6, "referred": 1.3, "credited": 1.1},
        prompt="the source",
    ),
    Frame(
        "candidate.tags",
        needs=("candidate",),
        takes=("tag",),
        cues={"tags": 1.5, "tag": 0.9},
        requires=frozenset({"tags", "tag"}),
        prompt="the tags",
    ),
    Frame(
        "candidate.recruiter",
        needs=("candidate",),
        cues={"recruiter": 1.5, "owner": 0.8},
        prompt="the recruiter",
    ),
    Frame(
        "candidate.hiring_manager",
        needs=("candidate",),
        cues={"hiring_manager": 1.5, "manager": 0.8, "hiring": 0.3},
        prompt="the hiring manager",
    ),
    Frame("candidate.coordinator", needs=("candidate",), cues={"coordinator": 1.5}, prompt="the coordinator"),
    Frame("candidate.contact", needs=("candidate",), cues={"contact": 1.5}, prompt="contact details"),
    Frame(
        "candidate.next_interview",
        needs=("candidate",),
        takes=("stage",),
        cues={"interview": 0.5, "next": 1.0, "schedule": 0.75},
        against={"all": 0.6, "feedback": 0.8},
        requires=frozenset({"interview", "next", "schedule"}),
        prompt="the next interview",
    ),
    Frame(
        "candidate.interviews",
        needs=("candidate",),
        takes=("when",),
        cues={"interview": 1.0, "schedule": 0.7, "all": 0.5, "panel": 0.3},
        against={"feedback": 0.8, "next": 0.3, "applied": 1.0, "coordinator": 1.0},
        requires=frozenset({"interview", "schedule"}),
        prompt="all interviews",
    ),
    Frame(
        "candidate.feedback_owed",
        needs=("candidate",),
        cues={
            "feedback": 0.7,
            "missing": 1.0,
            "owes": 1.0,
            "not": 0.6,
            "submitted": 0.5,
            "yet": 0.5,
            "pending": 0.5,
            "waiting": 0.5,
            "who": 0.25,
            "complete": 1.0,
            "everyone": 0.6,
        },
        takes=("stage",),
        prompt="feedback still owed",
    ),
    Frame(
        "candidate.recommendation",
        needs=("candidate",),
        takes=("stage",),
        cues={"recommendation": 1.5, "panel": 0.4, "like": 0.9, "think": 0.7, "how_did": 1.0, "pass": 0.9},
        prompt="the latest recommendation",
    ),
    Frame(
        "candidate.feedback",
        needs=("candidate",),
        takes=("stage",),
        cues={"feedback": 1.1, "interview": 0.1, "said": 1.0, "panel": 0.7, "think": 0.8},
        against={"pending": 0.4, "missing": 0.4, "owes": 0.4, "not": 0.4, "submitted": 0.4, "yet": 0.4},
        prompt="all feedback",
    ),
    Frame(
        "candidate.offer",
        needs=("candidate",),
        cues={"offer": 1.3, "accepted": 0.9, "approved": 0.3, "pending": 0.2},
        requires=frozenset({"offer", "accepted"}),
        prompt="the offer",
    ),
    # -- one job ----------------------------------------------------------------------------------------
    Frame(
        "job.pipeline",
        needs=("job",),
        cues={"pipeline": 1.0, "looking": 0.8, "stage": 0.3, "candidates": 0.2, "status": 0.3, "where": 0.4},
        base=0.3,
        prompt="the pipeline",
    ),
    Frame(
        "job.stage_count",
        needs=("stage",),
        takes=("job",),
        cues={"count": 1.2, "candidates": 0.3, "people": 0.3},
        prompt="how many",
    ),
    Frame(
        "job.stage_who",
        needs=("stage",),
        takes=("job",),
        cues={"who": 1.0, "which": 0.8, "list": 1.0, "candidates": 0.3, "people": 0.3},
        base=0.25,
        prompt="who is there",
    ),
    Frame(
        "job.active_count",
        needs=("job",),
        cues={"count": 1.2, "active": 0.6, "candidates": 0.3, "people": 0.2, "pipeline": 0.2},
        prompt="how many are active",
    ),
    Frame(
        "job.hiring_manager",
        needs=("job",),
        cues={"hiring_manager": 1.5, "manager": 0.7, "hiring": 0.2},
        prompt="the hiring manager",
    ),
    Frame("job.recruiter", needs=("job",), cues={"recruiter": 1.5, "owner": 0.8}, prompt="the recruiter"),
    Frame(
        "job.stale",
        needs=("job",),
        cues={"stale": 1.5, "longest": 1.2, "waiting": 0.4},
        requires=frozenset({"stale", "longest"}),
        prompt="who is stuck",
    ),
    # -- lists ------------------------------------------------------------------------------------------
    Frame(
        "stale",
        cues={"stale": 1.5, "longest": 1.2, "waiting": 0.3},
        requires=frozenset({"stale", "longest"}),
        prompt="who is stuck",
    ),
    Frame(
        "jobs",
        takes=("department", "location"),
        subjects=("department", "location"),
        cues={"jobs": 1.0, "job": 0.5, "open": 0.8, "hiring_for": 1.2, "hiring": 0.4},
        base=0.1,
        prompt="open jobs",
    ),
    Frame(
        "interviews",
        takes=("person", "when"),
        subjects=("person",),
        cues={"interview": 1.0, "schedule": 1.0},
        against={"feedback": 0.6},
        prompt="interviews",
    ),
    Frame("offers", cues={"offer": 1.0}, requires=frozenset({"offer"}), prompt="all offers"),
    Frame(
        "offers.pending",
        cues={
            "offer": 1.0,
            "pending": 1.0,
            "waiting": 0.8,
            "approval": 0.6,
            "approve": 0.4,
            "not": 0.4,
            "approved": 0.4,
            "yet": 0.3,
            "missing": 0.8,
            "open": 0.6,
        },
        against={"for_me": 1.0},
        requires=frozenset({"pending", "waiting", "approval", "approve", "approved", "not", "missing", "open"}),
        prompt="offers waiting for approval",
    ),
    Frame(
        "approvals",
        takes=("person",),
        subjects=("person",),
        cues={"approve": 1.2, "approval": 1.2, "for_me": 1.4},
        requires=frozenset({"approve", "approval", "for_me"}),
        prompt="your approvals",
    ),
)
