"""Table rows -> Ashby's wire shapes (reference §2): exact field names, explicit nulls where Ashby
sends nulls, and optional keys omitted where Ashby omits them."""

from __future__ import annotations

from typing import Any

from ashby.sandbox.clock import iso
from ashby.sandbox.tables import Row, Tables

Json = dict[str, Any]

PROFILE_URL = "https://app.ashbyhq.com/candidates/{}"
FEEDBACK_URL = "https://app.ashbyhq.com/interview-briefings/{}/feedback"
MEETING_URL = "https://meet.example.com/{}"


def user(row: Row) -> Json:
    out: Json = {
        "id": row["id"],
        "firstName": row["firstName"],
        "lastName": row["lastName"],
        "email": row["email"],
        "globalRole": row["globalRole"],
        "isEnabled": row["isEnabled"],
        "updatedAt": iso(row["updatedAt"]),
    }
    if row["managerId"] is not None:
        out["managerId"] = row["managerId"]
    return out


def user_by_id(store: Tables, user_id: str | None) -> Json | None:
    row = store.users.get(user_id)
    return None if row is None else user(row)


def author(store: Tables, user_id: str) -> Json:
    row = store.users.rows[user_id]
    return {
        "id": row["id"],
        "firstName": row["firstName"],
        "lastName": row["lastName"],
        "email": row["email"],
    }


def hiring_team(store: Tables, members: list[tuple[str, str]]) -> list[Json]:
    team = []
    for user_id, role in members:
        row = store.users.rows[user_id]
        team.append(
            {
                "email": row["email"],
                "firstName": row["firstName"],
                "lastName": row["lastName"],
                "role": role,
                "userId": user_id,
            }
        )
    return team


def source(store: Tables, source_id: str | None) -> Json | None:
    row = store.sources.get(source_id)
    if row is None:
        return None
    kind = store.source_types.rows[row["sourceTypeId"]]
    return {
        "id": row["id"],
        "title": row["title"],
        "isArchived": row["isArchived"],
        "sourceType": {"id": kind["id"], "title": kind["title"], "isArchived": kind["isArchived"]},
    }


def tag(row: Row) -> Json:
    return {"id": row["id"], "title": row["title"], "isArchived": row["isArchived"]}


def archive_reason(row: Row, *, with_custom_fields: bool) -> Json:
    out: Json = {
        "id": row["id"],
        "text": row["text"],
        "reasonType": row["reasonType"],
        "isArchived": row["isArchived"],
    }
    if with_custom_fields:
        out["customFields"] = []
    return out


def _contact(entry: tuple[str, str, bool]) -> Json:
    value, kind, primary = entry
    return {"value": value, "type": kind, "isPrimary": primary}


def _primary(entries: list[tuple[str, str, bool]]) -> Json | None:
    return next((_contact(e) for e in entries if e[2]), None)


def candidate(store: Tables, row: Row, application_ids: list[str]) -> Json:
    """Full Candidate; ``application_ids`` is what the asking key may see."""
    out: Json = {
        "id": row["id"],
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
        "name": row["name"],
    }
    primary_email = _primary(row["emails"])
    if primary_email is not None:
        out["primaryEmailAddress"] = primary_email
    out["emailAddresses"] = [_contact(e) for e in row["emails"]]
    primary_phone = _primary(row["phones"])
    if primary_phone is not None:
        out["primaryPhoneNumber"] = primary_phone
    out["phoneNumbers"] = [_contact(e) for e in row["phones"]]
    out["socialLinks"] = [{"type": kind, "url": url} for kind, url in row["links"]]
    out["tags"] = [tag(store.tags.rows[tag_id]) for tag_id in row["tagIds"]]
    for field in ("position", "company", "school"):
        if row[field] is not None:
            out[field] = row[field]
    out["applicationIds"] = application_ids
    out["fileHandles"] = []
    out["customFields"] = []
    out["profileUrl"] = PROFILE_URL.format(row["id"])
    out["source"] = source(store, row["sourceId"])
    out["creditedToUser"] = user_by_id(store, row["creditedToUserId"])
    out["timezone"] = row["timezone"]
    out["fraudStatus"] = None
    return out


def candidate_summary(row: Row) -> Json:
    out: Json = {"id": row["id"], "name": row["name"]}
    primary_email = _primary(row["emails"])
    if primary_email is not None:
        out["primaryEmailAddress"] = primary_email
    primary_phone = _primary(row["phones"])
    if primary_phone is not None:
        out["primaryPhoneNumber"] = primary_phone
    return out


def stage(row: Row, *, with_plan: bool = True) -> Json:
    out: Json = {
        "id": row["id"],
        "title": row["title"],
        "type": row["type"],
        "orderInInterviewPlan": row["orderInInterviewPlan"],
        "interviewStageGroupId": row["interviewStageGroupId"],
    }
    if with_plan:
        out["interviewPlanId"] = row["interviewPlanId"]
    return out


def application(store: Tables, row: Row, *, with_history: bool = False) -> Json:
    job_row = store.jobs.rows[row["jobId"]]
    out: Json = {
        "id": row["id"],
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
        "status": row["status"],
        "customFields": [],
        "candidate": candidate_summary(store.candidates.rows[row["candidateId"]]),
        "currentInterviewStage": stage(store.stages.rows[row["stageId"]]),
        "source": source(store, row["sourceId"]),
        "archiveReason": None,
        "job": {
            "id": job_row["id"],
            "title": job_row["title"],
            "locationId": job_row["locationId"],
            "departmentId": job_row["departmentId"],
        },
        "creditedToUser": user_by_id(store, row["creditedToUserId"]),
        "hiringTeam": hiring_team(store, job_row["hiringTeam"]),
        "submitterClientIp": None,
        "submitterUserAgent": None,
    }
    reason = store.archive_reasons.get(row["archiveReasonId"])
    if reason is not None:
        out["archiveReason"] = archive_reason(reason, with_custom_fields=True)
    if row["archivedAt"] is not None:
        out["archivedAt"] = iso(row["archivedAt"])
    if with_history:
        out["applicationHistory"] = history(store, row)
    return out


def history(store: Tables, row: Row) -> list[Json]:
    items = row["history"]
    return [history_item(store, item, number, number == len(items) - 1) for number, item in enumerate(items)]


def history_item(store: Tables, item: list[Any], number: int, current: bool) -> Json:
    item_id, stage_id, entered, left, actor = item
    out: Json = {
        "id": item_id,
        "stageId": stage_id,
        "title": store.stages.rows[stage_id]["title"],
        "enteredStageAt": iso(entered),
    }
    if left is not None:
        out["leftStageAt"] = iso(left)
    out["stageNumber"] = number
    out["allowedActions"] = ["set_entered_at"] if current else ["delete", "set_entered_at"]
    if actor is not None:
        out["actorId"] = actor
    return out


def job(store: Tables, row: Row, expand: frozenset[str] = frozenset()) -> Json:
    out: Json = {
        "id": row["id"],
        "title": row["title"],
        "confidential": row["confidential"],
        "status": row["status"],
        "employmentType": row["employmentType"],
        "locationId": row["locationId"],
        "departmentId": row["departmentId"],
        "defaultInterviewPlanId": row["defaultInterviewPlanId"],
        "interviewPlanIds": [row["defaultInterviewPlanId"]],
        "customFields": [],
        "jobPostingIds": [],
        "customRequisitionId": row["customRequisitionId"],
        "hiringTeam": hiring_team(store, row["hiringTeam"]),
        "author": user_by_id(store, row["authorId"]),
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
    }
    if row["openedAt"] is not None:
        out["openedAt"] = iso(row["openedAt"])
    if row["closedAt"] is not None:
        out["closedAt"] = iso(row["closedAt"])
    if "location" in expand:
        out["location"] = location(store.locations.rows[row["locationId"]])
    if "openings" in expand:
        out["openings"] = []  # the sandbox models no openings
    return out


def plan(row: Row) -> Json:
    return {
        "id": row["id"],
        "title": row["title"],
        "isArchived": row["isArchived"],
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
    }


def stage_group(row: Row) -> Json:
    return {"id": row["id"], "title": row["title"], "order": row["order"], "stageType": row["stageType"]}


def department(row: Row) -> Json:
    out: Json = {"id": row["id"], "name": row["name"], "isArchived": row["isArchived"]}
    if row["parentId"] is not None:
        out["parentId"] = row["parentId"]
    out["createdAt"] = iso(row["createdAt"])
    out["updatedAt"] = iso(row["updatedAt"])
    return out


def location(row: Row) -> Json:
    return {
        "id": row["id"],
        "name": row["name"],
        "isArchived": row["isArchived"],
        "address": {"postalAddress": dict(row["address"])},
        "isRemote": row["workplaceType"] == "Remote",
        "workplaceType": row["workplaceType"],
        "type": "Location",
    }


def interview(row: Row) -> Json:
    out: Json = {
        "id": row["id"],
        "title": row["title"],
        "isArchived": row["isArchived"],
        "isDebrief": row["isDebrief"],
        "isFeedbackRequired": row["isFeedbackRequired"],
        "isFeedbackRequested": row["isFeedbackRequested"],
        "instructionsHtml": f"<p>{row['instructionsPlain']}</p>",
        "instructionsPlain": row["instructionsPlain"],
        "feedbackFormDefinitionId": row["feedbackFormDefinitionId"],
    }
    if row["jobId"] is not None:
        out["jobId"] = row["jobId"]
    return out


def event(store: Tables, row: Row, *, with_interview: bool = False) -> Json:
    interviewers = []
    for user_id, feedback_required in row["interviewers"]:
        entry = user(store.users.rows[user_id])
        entry.update({"trainingRole": None, "interviewerPool": None, "isFeedbackRequired": feedback_required})
        interviewers.append(entry)
    out: Json = {
        "id": row["id"],
        "interviewId": row["interviewId"],
        "interviewScheduleId": row["scheduleId"],
        "interviewerUserIds": [user_id for user_id, _ in row["interviewers"]],
        "interviewers": interviewers,
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
        "startTime": iso(row["startTime"]),
        "endTime": iso(row["endTime"]),
        "feedbackLink": FEEDBACK_URL.format(row["id"]),
        "location": row["location"],
        "meetingLink": row["meetingLink"],
        "interviewerCalendarEventId": None,
        "hasSubmittedFeedback": bool(row["submittedBy"]),
        "notetakerTranscriptId": None,
    }
    if row["extraData"] is not None:
        out["extraData"] = row["extraData"]
    if with_interview:
        out["interview"] = interview(store.interviews.rows[row["interviewId"]])
    return out


def schedule(store: Tables, row: Row, *, with_candidate: bool = False) -> Json:
    out: Json = {
        "id": row["id"],
        "status": row["status"],
        "applicationId": row["applicationId"],
        "interviewStageId": row["interviewStageId"],
        "scheduledBy": user_by_id(store, row["scheduledById"]),
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
        "interviewEvents": [event(store, e) for e in row["events"] if not e.get("_deleted")],
    }
    if with_candidate:
        out["candidateId"] = store.applications.rows[row["applicationId"]]["candidateId"]
    return out


def note(store: Tables, row: Row) -> Json:
    return {
        "id": row["id"],
        "createdAt": iso(row["createdAt"]),
        "isPrivate": row["isPrivate"],
        "content": row["content"],
        "author": author(store, row["authorId"]),
    }


def feedback_form(store: Tables, row: Row) -> Json:
    out: Json = {
        "id": row["id"],
        "organizationId": store.organization_id,
        "title": row["title"],
        "isArchived": row["isArchived"],
        "isDefaultForm": row["isDefaultForm"],
        "formDefinition": row["formDefinition"],
    }
    if row["interviewId"] is not None:
        out["interviewId"] = row["interviewId"]
    return out


def feedback(store: Tables, row: Row) -> Json:
    out: Json = {
        "id": row["id"],
        "formDefinition": store.forms.rows[row["formId"]]["formDefinition"],
        "submittedValues": row["values"],
        "submittedByUser": user(store.users.rows[row["userId"]]),
    }
    for field, key in (("interviewId", "interviewId"), ("interviewEventId", "eventId")):
        if row[key] is not None:
            out[field] = row[key]
    out["feedbackFormDefinitionId"] = row["formId"]
    if row["historyId"] is not None:
        out["applicationHistoryId"] = row["historyId"]
    out["applicationId"] = row["applicationId"]
    out["submittedAt"] = iso(row["submittedAt"])
    return out


def offer_version(store: Tables, version: Row) -> Json:
    return {
        "id": version["id"],
        "startDate": iso(version["startDate"]),
        "salary": dict(version["salary"]),
        "createdAt": iso(version["createdAt"]),
        "customFields": [],
        "fileHandles": [],
        "author": user_by_id(store, version["authorId"]),
        "approvalStatus": version["approvalStatus"],
    }


def offer(store: Tables, row: Row, *, full: bool, with_form: bool = True) -> Json:
    """``full`` adds ``versions`` (+ the form) as offer.info does; offer.list gives latestVersion only."""
    out: Json = {"id": row["id"]}
    if row["decidedAt"] is not None:
        out["decidedAt"] = iso(row["decidedAt"])
    out.update(
        {
            "applicationId": row["applicationId"],
            "acceptanceStatus": row["acceptanceStatus"],
            "offerStatus": row["offerStatus"],
            "latestVersion": offer_version(store, row["versions"][-1]),
        }
    )
    if full:
        out["versions"] = [offer_version(store, v) for v in row["versions"]]
        if with_form:
            out["formDefinition"] = store.offer_forms.rows[row["formId"]]["formDefinition"]
    return out


def approval(row: Row) -> Json:
    steps = []
    for step in row["steps"]:
        approvers = []
        for approver in step["approvers"]:
            entry: Json = {
                "id": approver["id"],
                "userId": approver["userId"],
                "decision": approver["decision"],
            }
            if approver["decidedAt"] is not None:
                entry["decidedAt"] = iso(approver["decidedAt"])
            if approver["requestedAt"] is not None:
                entry["requestedAt"] = iso(approver["requestedAt"])
            approvers.append(entry)
        item: Json = {
            "id": step["id"],
            "approvalsRequired": step["approvalsRequired"],
            "approvers": approvers,
        }
        if step["completedAt"] is not None:
            item["completedAt"] = iso(step["completedAt"])
        steps.append(item)
    out: Json = {
        "id": row["id"],
        "approvalDefinitionId": row["approvalDefinitionId"],
        "entityId": row["entityId"],
        "entityType": row["entityType"],
        "createdAt": iso(row["createdAt"]),
    }
    for field in ("submittedAt", "completedAt"):
        if row[field] is not None:
            out[field] = iso(row[field])
    out["steps"] = steps
    return out


def template(row: Row) -> Json:
    return {
        "id": row["id"],
        "createdAt": iso(row["createdAt"]),
        "updatedAt": iso(row["updatedAt"]),
        "title": row["title"],
        "intendedTypes": list(row["intendedTypes"]),
    }


def custom_field(row: Row) -> Json:
    out: Json = {
        "id": row["id"],
        "isPrivate": row["isPrivate"],
        "title": row["title"],
        "objectType": row["objectType"],
        "isArchived": row["isArchived"],
        "fieldType": row["fieldType"],
        "isRequired": row["isRequired"],
    }
    if row["selectableValues"] is not None:
        out["selectableValues"] = [dict(v) for v in row["selectableValues"]]
    return out


def webhook(row: Row, *, with_secret: bool) -> Json:
    out: Json = {
        "id": row["id"],
        "enabled": row["enabled"],
        "requestUrl": row["requestUrl"],
        "webhookType": row["webhookType"],
    }
    if with_secret:
        out["secretToken"] = row["secretToken"]
    return out
