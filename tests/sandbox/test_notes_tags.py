"""Notes and tags written through the API show up on the candidate."""

from __future__ import annotations

from tests.sandbox.support import Api


async def test_notes_appear_with_the_keys_user_as_author(api: Api) -> None:
    jane = await api.candidate("jane.doe@example.com")
    before, _ = await api.everything("candidate.listNotes", {"candidateId": jane["id"]})
    note = await api.ok("candidate.createNote", {"candidateId": jane["id"], "note": "Great onsite energy"})
    assert note["content"] == "Great onsite energy" and note["isPrivate"] is False
    assert note["author"]["email"] == "morgan.lee@acme.example"
    html = {"type": "text/html", "value": "<b>Bold</b> move"}
    await api.ok("candidate.createNote", {"candidateId": jane["id"], "note": html})
    after, _ = await api.everything("candidate.listNotes", {"candidateId": jane["id"]})
    assert [n["content"] for n in after] == [n["content"] for n in before] + [
        "Great onsite energy",
        "<b>Bold</b> move",
    ]
    info = await api.error("candidate.createNote", {"candidateId": jane["id"], "note": {"value": "no type"}})
    assert info["code"] == "invalid_input"
    info = await api.error("candidate.createNote", {"candidateId": jane["id"]})
    assert info["code"] == "invalid_input" and "note" in info["message"]


async def test_tags_are_added_and_removed(api: Api) -> None:
    jane = await api.candidate("jane.doe@example.com")
    tag = await api.ok("candidateTag.create", {"title": "Strong hire signal"})
    assert await api.ok("candidateTag.create", {"title": "strong hire signal"}) == tag  # idempotent by title
    tags, _ = await api.everything("candidateTag.list")
    assert tag in tags

    tagged = await api.ok("candidate.addTag", {"candidateId": jane["id"], "tagId": tag["id"]})
    assert tag in tagged["tags"]
    assert tag in (await api.ok("candidate.info", {"id": jane["id"]}))["tags"]
    untagged = await api.ok("candidate.removeTag", {"candidateId": jane["id"], "tagId": tag["id"]})
    assert tag not in untagged["tags"]
    missing = {"candidateId": jane["id"], "tagId": "00000000-0000-4000-8000-000000000000"}
    assert (await api.error("candidate.addTag", missing))["code"] == "tag_not_found"


async def test_candidate_create_and_update(api: Api) -> None:
    created = await api.ok(
        "candidate.create",
        {
            "name": "Ada Example",
            "email": "ada@example.com",
            "phoneNumber": "+1 555 0100",
            "linkedInUrl": "https://li/ada",
        },
    )
    assert created["primaryEmailAddress"]["value"] == "ada@example.com"
    assert created["applicationIds"] == [] and created["source"] is None
    updated = await api.ok(
        "candidate.update",
        {"candidateId": created["id"], "name": "Ada Lovelace", "alternateEmail": "ada@work.example"},
    )
    assert updated["name"] == "Ada Lovelace"
    assert [e["value"] for e in updated["emailAddresses"]] == ["ada@example.com", "ada@work.example"]
    (found,) = await api.ok("candidate.search", {"email": "ADA@WORK.EXAMPLE"})
    assert found["id"] == created["id"]
    assert (await api.error("candidate.create", {"email": "x@example.com"}))["code"] == "invalid_input"
