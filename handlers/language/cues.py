"""The words that say *what* is asked, as opposed to *about whom*: cue words, cue phrases and stop words.

Each cue word maps to a canonical cue (``"recuiter"`` is corrected to ``"recruiter"`` by the spotter, and
``"recruiting"`` means the same cue); intent frames score these canonical cues. Stop words carry no meaning
for any frame and never start a name.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


#: Several words that mean one cue; matched on whole words in matching form, longest first.
CUE_PHRASES: dict[str, str] = {
    "hiring manager": "hiring_manager",
    "hiring managers": "hiring_manager",
    "how many": "count",
    "how much": "count",
    "number of": "count",
    "headcount": "count",
    "how long": "long",
    "phone number": "contact",
    "phone no": "contact",
    "cell number": "contact",
    "mobile number": "contact",
    "email address": "contact",
    "contact info": "contact",
    "contact details": "contact",
    "in the process": "process",
    "in process": "process",
    "sign off": "approval",
    "signoff": "approval",
    "thumbs up": "recommendation",
    "thumbs down": "recommendation",
    "no hire": "recommendation",
    "strong hire": "recommendation",
    "come from": "came_from",
    "came from": "came_from",
    "comes from": "came_from",
    "coming from": "came_from",
    "find them": "came_from",
    "found them": "came_from",
    "waiting on me": "for_me",
    "waiting for me": "for_me",
    "for me to": "for_me",
    "need my": "for_me",
    "needs my": "for_me",
    "my approval": "for_me",
    "my sign": "for_me",
    "waiting longest": "longest",
    "waited longest": "longest",
    "waiting the longest": "longest",
    "been waiting": "longest",
    "hiring for": "hiring_for",
    "are we hiring": "hiring_for",
    "we hiring": "hiring_for",
    "what can you do": "help",
    "what do you do": "help",
    "how do i use": "help",
    "how does this work": "help",
    "over to": "over_to",
    "hiring mgr": "hiring_manager",
    "recruiting coordinator": "coordinator",
    "recruiting coord": "coordinator",
    "next round": "next",
    "next step": "next",
    "not done": "missing",
    "in flight": "pending",
    "out for signature": "pending",
    "so far": "all",
    "interview stage": "stage",
    "interview process": "process",
    "can i ask": "help",
    "what can i ask": "help",
    "what kinds of things": "help",
    "what questions": "help",
    "know how to": "help",
    "list of commands": "help",
    "new here": "help",
    "interviewing for": "applied",
    "in for": "applied",
    "in the running for": "applied",
    "days in stage": "long",
    "time in stage": "long",
    "days in": "long",
    "still in process": "active",
    "still in the process": "active",
    "still in play": "active",
    "in play": "active",
    "still around": "active",
    "did we find": "came_from",
    "how did we find": "came_from",
    "get into": "came_from",
    "got into": "came_from",
    "who books": "coordinator",
    "get in touch": "contact",
    "in touch": "contact",
    "how did": "how_did",
    "land on": "recommendation",
    "yes or no": "recommendation",
    "feedback in": "complete",
    "fill in": "submitted",
    "filled in": "submitted",
    "fill out": "submitted",
    "filled out": "submitted",
    "done with": "submitted",
    "not moved": "stale",
    "have not moved": "stale",
    "in a while": "stale",
    "in ages": "stale",
    "going cold": "stale",
    "gone cold": "stale",
    "through the cracks": "stale",
    "too long": "stale",
    "recruiting for": "recruiter",
    "are we recruiting for": "hiring_for",
    "we recruiting for": "hiring_for",
    "met with": "interview",
    "the call on": "recommendation",
    "a yes": "recommendation",
    "a no": "recommendation",
    "when did": "since",
    "pass on": "reject",
    "passing on": "reject",
}

#: Word -> canonical cue. Forms people use for the same thing share one cue.
CUE_WORDS: dict[str, str] = {
    # stage and progress
    "stage": "stage", "stages": "stage", "step": "stage", "round": "stage", "phase": "stage", "status": "status",
    "where": "where", "process": "process", "progress": "progress", "far": "far", "along": "far",
    "pipeline": "pipeline", "pipe": "pipeline", "funnel": "pipeline", "breakdown": "pipeline",
    "looking": "looking", "shape": "looking",
    # status
    "active": "active", "still": "still", "alive": "active", "archived": "archived", "rejected": "rejected",
    "declined": "rejected", "dropped": "rejected", "withdrew": "rejected", "withdrawn": "rejected",
    "hired": "hired", "open": "open", "closed": "closed", "considered": "active", "consideration": "active",
    # jobs
    "job": "job", "jobs": "jobs", "role": "job", "roles": "jobs", "position": "job", "positions": "jobs",
    "opening": "job", "openings": "jobs", "req": "job", "reqs": "jobs", "requisition": "job",
    "requisitions": "jobs", "vacancy": "job", "vacancies": "jobs",
    "applied": "applied", "apply": "applied", "applying": "applied", "application": "application",
    "applications": "application",
    # time in stage
    "long": "long", "days": "days", "day": "days", "weeks": "days", "since": "since", "sitting": "sitting",
    # source
    "source": "source", "sourced": "source", "sources": "source", "referred": "referred", "referral": "referred",
    "refer": "referred", "referrer": "referred", "credited": "credited", "credit": "credited", "came": "came",
    "origin": "source", "channel": "source",
    # tags
    "tags": "tags", "tagged": "tags", "labels": "tags", "labelled": "tags", "labeled": "tags",
    # people on the hiring team
    "recruiter": "recruiter", "recruiters": "recruiter", "recruiting": "recruiter", "recruits": "recruiter",
    "owner": "owner", "owns": "owner", "owning": "owner", "hm": "hiring_manager",
    "manager": "manager", "mgr": "manager", "coordinator": "coordinator", "coordinating": "coordinator",
    "coord": "coordinator",
    "coordinates": "coordinator", "scheduler": "coordinator", "scheduling": "coordinator",
    "rescheduling": "coordinator", "reschedule": "coordinator", "books": "coordinator",
    "booking": "coordinator", "hiring": "hiring",
    # contact
    "email": "contact", "emails": "contact", "mail": "contact", "phone": "contact", "contact": "contact",
    "reach": "contact", "mobile": "contact", "cell": "contact", "call": "contact",
    # interviews
    "interview": "interview", "interviews": "interview", "interviewing": "interview", "interviewed": "interview",
    "schedule": "schedule", "calendar": "schedule", "meetings": "schedule", "agenda": "schedule",
    "booked": "schedule", "scheduled": "schedule",
    "next": "next", "upcoming": "next", "soon": "next", "coming": "next",
    "all": "all", "every": "all", "past": "all", "history": "all",
    # feedback
    "feedback": "feedback", "scorecard": "feedback", "scorecards": "feedback", "scores": "feedback",
    "writeups": "feedback", "debrief": "feedback", "reviews": "feedback",
    "submitted": "submitted", "submit": "submitted", "filled": "submitted", "written": "submitted",
    "missing": "missing", "outstanding": "missing", "overdue": "missing", "late": "missing", "owes": "owes",
    "owe": "owes", "owed": "owes", "owing": "owes", "yet": "yet", "pending": "pending", "chase": "owes",
    "recommendation": "recommendation", "recommendations": "recommendation", "recommend": "recommendation",
    "recommended": "recommendation", "verdict": "recommendation", "thumbs": "recommendation",
    "decision": "recommendation", "rating": "recommendation", "rec": "recommendation", "recs": "recommendation",
    "vote": "recommendation", "votes": "recommendation", "panel": "panel", "like": "like", "liked": "like",
    "think": "think", "thought": "think", "thinks": "think", "impression": "recommendation",
    "interviewers": "panel", "wrote": "said", "write": "said", "said": "said", "say": "said", "says": "said",
    "pass": "pass", "passed": "pass", "leaning": "recommendation", "everyone": "everyone",
    "everybody": "everyone", "complete": "complete",
    # offers
    "offer": "offer", "offers": "offer", "accepted": "accepted", "accept": "accepted", "signed": "accepted",
    "awaiting": "pending", "waiting": "waiting", "approved": "approved", "unapproved": "pending",
    "approving": "approval", "blocking": "for_me", "stand": "looking", "stands": "looking", "ppl": "people",
    # counting and listing
    "count": "count", "number": "count", "total": "count", "who": "who", "which": "which", "list": "list",
    "names": "list", "people": "people", "candidates": "candidates", "candidate": "candidate",
    "applicants": "candidates", "applicant": "candidate", "folks": "people", "anyone": "who",
    # stale
    "stale": "stale", "stuck": "stale", "longest": "longest", "oldest": "longest", "idle": "stale",
    "languishing": "stale", "forgotten": "stale", "neglected": "stale",
    # approvals
    "approve": "approve", "approval": "approval", "approvals": "approval", "approver": "approval",
    "sign": "approval",
    # help
    "help": "help", "commands": "help", "usage": "help",
    # writes
    "move": "move", "advance": "move", "push": "move", "bump": "move", "send": "move",
    "reject": "reject", "archive": "reject", "decline": "reject", "hire": "hire", "note": "note",
    "tag": "tag", "label": "tag", "untag": "untag", "remove": "remove", "add": "add", "consider": "add",
    "transfer": "transfer", "mark": "mark", "put": "put", "leave": "leave", "switch": "move", "jot": "note",
    "create": "add", "take": "remove", "drop": "remove", "clear": "remove",
    "private": "private", "internal": "private", "not": "not", "never": "not",
}  # fmt: skip

#: Words that carry no meaning for any question (after contractions are expanded).
STOPWORDS: frozenset[str] = frozenset(
    _words(
        """
        a an the is are was were be been being am do does did done doing has have had having of to in on at by with
        about from into onto over up out as and or but so if what when why how this that these those there here it
        its they their theirs she her hers he him his we us our ours you your yours u ya y'all ur can could would
        will should shall may might must some any anybody somebody everyone everybody get got give gimme show tell
        know see look lookup find check pull display want need lemme let just now currently right atm today's again
        also too one ones thing things guy gal person info information details detail update updates news latest
        current currently exactly already ever even really actually please quick q question about re regarding w
        wrt going happening doing how's whats wheres whos hows okay ok so then than ask asking wondering wonder
        curious anything something else more lot bit there's whether across among per via vs team's team company
        org yes yeah yep nope hmm um uh gonna wanna kinda sorta ah oh hey hi hello thanks thank for back forward
        """
    )
)

#: Words that mean the asker: "my interviews", "what do I have", "anything for me".
SELF_WORDS = frozenset({"i", "me", "my", "mine", "myself"})

#: Verbs that make a sentence an instruction to change something in Ashby (matching form -> action word).
WRITE_VERBS: dict[str, str] = {
    "move": "move", "advance": "move", "push": "move", "progress": "move", "bump": "move", "send": "move",
    "switch": "move", "pass": "reject", "reject": "reject", "archive": "reject", "decline": "reject", "hire": "hire",
    "note": "note", "jot": "note", "leave": "note", "write": "note", "private": "note",
    "tag": "tag", "label": "tag", "untag": "untag", "remove": "remove", "take": "remove", "drop": "remove",
    "clear": "remove", "add": "add", "consider": "add", "put": "put", "create": "add", "apply": "add",
    "transfer": "transfer", "mark": "mark",
}  # fmt: skip
#: Words that may come before the verb of an instruction ("can you please move ...").
LEAD_INS = frozenset(
    _words(
        """
        can could would will you u please pls plz go ahead and just also now then ok okay so lets let us kindly we
        """
    )
)
#: Words that make a sentence a question, when they lead it ("did we hire elena?").
QUESTION_WORDS = frozenset(
    _words(
        """
        what who where when why how which is are was were did does do has have had any whose whom
        """
    )
)


#: Days as people type them, to the codes the interviews window understands.
DAYS: dict[str, str] = {
    "today": "today", "tonight": "today", "tday": "today", "tod": "today",
    "tomorrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tomorow": "tomorrow",
    "2moro": "tomorrow", "2morrow": "tomorrow",
    "monday": "mon", "mon": "mon", "mondays": "mon", "tuesday": "tue", "tue": "tue", "tues": "tue",
    "wednesday": "wed", "wed": "wed", "weds": "wed", "thursday": "thu", "thu": "thu", "thurs": "thu",
    "thur": "thu", "friday": "fri", "fri": "fri", "saturday": "sat", "sat": "sat", "sunday": "sun", "sun": "sun",
    "week": "week", "weekly": "week",
}  # fmt: skip
DAY_PHRASES = {"this week": "week", "next week": "next_week", "the week": "week", "coming week": "week"}
