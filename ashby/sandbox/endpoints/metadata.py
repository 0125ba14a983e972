"""Hiring-process metadata: archive reasons, sources, templates, custom fields."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params

routes = Routes()


@routes("archiveReason.list")
async def archive_reasons(ctx: Context, params: Params) -> list[shapes.Json]:
    include_archived = params.opt_bool("includeArchived", False)
    return [
        shapes.archive_reason(row, with_custom_fields=False)
        for row in ctx.store.archive_reasons
        if include_archived or not row["isArchived"]
    ]


@routes("source.list")
async def sources(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    rows = [row for row in ctx.store.sources if include_archived or not row["isArchived"]]
    return ListPage([shapes.source(ctx.store, row["id"]) for row in rows])


@routes("communicationTemplate.list")
async def templates(ctx: Context, params: Params) -> list[shapes.Json]:
    return [shapes.template(row) for row in ctx.store.templates]


@routes("customField.list")
async def custom_fields(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.custom_fields.order,
        shapes.custom_field,
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )
