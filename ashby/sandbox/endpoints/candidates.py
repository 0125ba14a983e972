"""Candidates, their notes and tags."""

from __future__ import annotations

from typing import Any

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import ApiError, invalid_input
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.ids import new_id
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params
from ashby.sandbox.tables import Row
from ashby.sandbox.text import fold

routes = Routes()

SEARCH_LIMIT = 100
SOCIAL_TYPES = frozenset({"LinkedIn", "GitHub", "Twitter", "Medium", "StackOverflow", "YouTube", "CodePen", "Website"})


@routes("candidate.search")
async def search(ctx: Context, params: Params) -> list[shapes.Json]:
    name = params.opt_string("name")
    email = params.opt_string("email")
    if name is None and email is None:
        raise invalid_input("Provide at least one of name or email")
    store = ctx.store
    if email is not None:
        pool = [store.candidates.rows[i] for i in store.emails.get(email.strip().lower(), [])]
    else:
        pool = store.candidates.order
    needle = fold(name) if name is not None else None
    found: list[shapes.Json] = []
    for row in pool:
        if row.get("_deleted") or (needle is not None and needle not in row["fold"]):
            continue
        if ctx.sees_candidate(row):
            found.append(ctx.candidate_json(row))
            if len(found) == SEARCH_LIMIT:
                break
    return found


@routes("candidate.info")
async def info(ctx: Context, params: Params) -> shapes.Json:
    if params.has("externalMappingId") and not params.has("id"):
        raise ApiError("candidate_not_found", "The sandbox has no external mappings; look candidates up by id")
    return ctx.candidate_json(ctx.candidate(params.uuid("id")))


@routes("candidate.list")
async def list_candidates(ctx: Context, params: Params) -> ListPage:
    return paginate(
        ctx,
        params,
        ctx.store.candidates.order,
        ctx.candidate_json,
        keep=ctx.sees_candidate,
        created_after=True,
    )


def _link(kind: str, url: str | None) -> list[tuple[str, str]]:
    return [(kind, url)] if url else []


def _validated_refs(ctx: Context, params: Params) -> tuple[str | None, str | None]:
    source_id = params.opt_uuid("sourceId")
    if source_id is not None:
        ctx.source(source_id)
    user_id = params.opt_uuid("creditedToUserId")
    if user_id is not None:
        ctx.user(user_id)
    return source_id, user_id


@routes("candidate.create")
async def create(ctx: Context, params: Params) -> shapes.Json:
    name = params.string("name").strip()
    source_id, credited = _validated_refs(ctx, params)
    created = params.opt_datetime("createdAt") or ctx.now_ms()
    emails: list[tuple[str, str, bool]] = []
    email = params.opt_string("email")
    if email is not None:
        emails.append((email.strip(), "Personal", True))
    alternates = params.body.get("alternateEmailAddresses") or []
    if not isinstance(alternates, list) or not all(isinstance(a, str) for a in alternates):
        raise invalid_input("Parameter alternateEmailAddresses must be a list of strings")
    emails += [(a.strip(), "Other", not emails and i == 0) for i, a in enumerate(alternates)]
    phone = params.opt_string("phoneNumber")
    row: Row = {
        "id": new_id(),
        "name": name,
        "fold": fold(name),
        "emails": emails,
        "phones": [(phone, "Personal", True)] if phone else [],
        "links": _link("LinkedIn", params.opt_string("linkedInUrl"))
        + _link("GitHub", params.opt_string("githubUrl"))
        + _link("Website", params.opt_string("website")),
        "tagIds": [],
        "applicationIds": [],
        "sourceId": source_id,
        "creditedToUserId": credited,
        "position": None,
        "company": None,
        "school": None,
        "timezone": None,
        "createdAt": created,
        "updatedAt": created,
        "_v": ctx.store.bump(),
    }
    ctx.store.candidates.add(row)
    for value, _, _ in emails:
        ctx.store.index_email(value, row["id"])
    return ctx.candidate_json(row)


def _social_links(params: Params) -> list[tuple[str, str]]:
    value: Any = params.body.get("socialLinks")
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and item.get("type") in SOCIAL_TYPES and isinstance(item.get("url"), str)
        for item in value
    ):
        raise invalid_input("Parameter socialLinks must be a list of {type, url} with a known type")
    return [(item["type"], item["url"]) for item in value]


@routes("candidate.update")
async def update(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.candidate(params.uuid("candidateId"))
    source_id, credited = _validated_refs(ctx, params)
    name = params.opt_string("name")
    if name is not None:
        row["name"], row["fold"] = name.strip(), fold(name)
    email = params.opt_string("email")
    if email is not None:
        others = [(v, t, False) for v, t, _ in row["emails"] if v.lower() != email.strip().lower()]
        row["emails"] = [(email.strip(), "Personal", True), *others]
        ctx.store.index_email(email.strip(), row["id"])
    alternate = params.opt_string("alternateEmail")
    if alternate is not None and all(v.lower() != alternate.strip().lower() for v, _, _ in row["emails"]):
        row["emails"] = [*row["emails"], (alternate.strip(), "Other", not row["emails"])]
        ctx.store.index_email(alternate.strip(), row["id"])
    phone = params.opt_string("phoneNumber")
    if phone is not None:
        row["phones"] = [
            (phone, "Personal", True),
            *[(v, t, False) for v, t, _ in row["phones"] if v != phone],
        ]
    if params.has("socialLinks"):
        row["links"] = _social_links(params)
    else:
        for field, kind in (("linkedInUrl", "LinkedIn"), ("githubUrl", "GitHub"), ("websiteUrl", "Website")):
            url = params.opt_string(field)
            if url is not None:
                row["links"] = [link for link in row["links"] if link[0] != kind] + [(kind, url)]
    if source_id is not None:
        row["sourceId"] = source_id
    if credited is not None:
        row["creditedToUserId"] = credited
    created = params.opt_datetime("createdAt")
    if created is not None:
        row["createdAt"] = created
    ctx.touch(row)
    return ctx.candidate_json(row)


def _note_content(params: Params) -> str:
    note = params.body.get("note")
    if isinstance(note, str) and note.strip():
        return note
    if isinstance(note, dict):
        body = params.obj("note")
        body.opt_enum("type", ("text/plain", "text/html"))
        if not body.has("type"):
            raise invalid_input("Missing required parameter: note.type")
        return body.string("value")
    raise invalid_input("Parameter note must be a non-empty string or an object {type, value}")


@routes("candidate.createNote")
async def create_note(ctx: Context, params: Params) -> shapes.Json:
    candidate = ctx.candidate(params.uuid("candidateId"))
    content = _note_content(params)
    created = params.opt_datetime("createdAt") or ctx.now_ms()
    row = ctx.store.add_note(
        {
            "id": new_id(),
            "candidateId": candidate["id"],
            "content": content,
            "isPrivate": params.opt_bool("isPrivate", False),
            "authorId": ctx.store.actor_user_id,
            "createdAt": created,
            "_v": ctx.store.bump(),
        }
    )
    return shapes.note(ctx.store, row)


@routes("candidate.listNotes")
async def list_notes(ctx: Context, params: Params) -> ListPage:
    candidate = ctx.candidate(params.uuid("candidateId"))
    notes = ctx.store.notes_by_candidate.get(candidate["id"], [])
    return paginate(
        ctx, params, notes, lambda row: shapes.note(ctx.store, row), filters={"candidateId": candidate["id"]}
    )


def _tag(ctx: Context, params: Params) -> Row:
    row = ctx.store.tags.get(params.uuid("tagId"))
    if row is None:
        raise ApiError("tag_not_found", "Candidate tag not found")
    return row


@routes("candidate.addTag")
async def add_tag(ctx: Context, params: Params) -> shapes.Json:
    candidate = ctx.candidate(params.uuid("candidateId"))
    tag = _tag(ctx, params)
    if tag["isArchived"]:
        raise invalid_input(f"Tag {tag['title']!r} is archived and cannot be added")
    if tag["id"] not in candidate["tagIds"]:
        candidate["tagIds"] = [*candidate["tagIds"], tag["id"]]
        ctx.touch(candidate)
    return ctx.candidate_json(candidate)


@routes("candidate.removeTag")
async def remove_tag(ctx: Context, params: Params) -> shapes.Json:
    candidate = ctx.candidate(params.uuid("candidateId"))
    tag = _tag(ctx, params)
    if tag["id"] in candidate["tagIds"]:
        candidate["tagIds"] = [t for t in candidate["tagIds"] if t != tag["id"]]
        ctx.touch(candidate)
    return ctx.candidate_json(candidate)


@routes("candidateTag.list")
async def list_tags(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.tags.order,
        shapes.tag,
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )


@routes("candidateTag.create")
async def create_tag(ctx: Context, params: Params) -> shapes.Json:
    title = params.string("title").strip()
    existing = next((row for row in ctx.store.tags if fold(row["title"]) == fold(title)), None)
    if existing is not None:
        return shapes.tag(existing)
    row = ctx.store.tags.add({"id": new_id(), "title": title, "isArchived": False, "_v": ctx.store.bump()})
    return shapes.tag(row)
