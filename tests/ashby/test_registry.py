"""The registry declares every endpoint Ashby documents, with the documented permission and shape."""

import csv
from pathlib import Path

from ashby.registry import endpoint, endpoints, permission_to_scope

PUBLISHED = Path(__file__).parent.parent / "data" / "ashby-endpoints.tsv"
# Ashby's docs spell this permission "candidateWrite" for two endpoints; the key setting is candidatesWrite.
DOCUMENTED_TYPOS = {"candidateWrite": "candidatesWrite"}


def published() -> list[dict[str, str]]:
    with PUBLISHED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_registry_has_exactly_the_published_endpoints() -> None:
    rows = published()
    assert len(rows) == 160
    assert [r["endpoint"] for r in rows] == list(endpoints())


def test_registry_matches_permission_kind_and_pagination() -> None:
    for row in published():
        spec = endpoint(row["endpoint"])
        assert spec.permission == DOCUMENTED_TYPOS.get(row["permission"], row["permission"]), spec.name
        assert spec.kind == row["kind"], spec.name
        assert spec.paginated == (row["paginated"] == "yes"), spec.name


def test_incremental_endpoints_are_paginated_reads() -> None:
    incremental = [e for e in endpoints().values() if e.incremental]
    assert {"candidate.list", "application.list", "job.list", "offer.list", "user.list"} <= {
        e.name for e in incremental
    }
    assert all(e.paginated and not e.writes for e in incremental)


def test_scopes_and_unknown_names() -> None:
    assert endpoint("application.changeStage").writes
    assert permission_to_scope("hiringProcessMetadataRead") == "hiringProcessMetadata:read"
    try:
        endpoint("candidate.explode")
    except KeyError as exc:
        assert "candidate.explode" in str(exc)
    else:
        raise AssertionError("unknown endpoint accepted")
