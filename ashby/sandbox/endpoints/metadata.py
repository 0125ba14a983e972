"""Hiring-process metadata: archive reasons, sources, templates, custom fields."""

from __future__ import annotations

from ashby.sandbox import views
from ashby.sandbox.context import Context
from ashby.sandbox.handlers.routing import Routes
from ashby.sandbox.pagination import Page, paginate
from ashby.sandbox.params import Params

routes = Routes()


@routes("archiveReason.list")
async def archive_reasons(ctx: Context, params: Params) -> list[views.Json]:
    include_archived = params.opt_bool("includeArchived", False)
    return [
        views.archive_reason(row, with_custom_fields=False)
        for row in ctx.store.archive_reasons
        if include_archived or not row["isArchived"]
    ]


@routes("source.list")
async def sources(ctx: Context, params: Params) -> Page:
    include_archived = params.opt_bool("includeArchived", False)
    rows = [row for row in ctx.store.sources if include_archived or not row["isArchived"]]
    return Page([views.source(ctx.store, row["id"]) for row in rows])


@routes("communicationTemplate.list")
async def templates(ctx: Context, params: Params) -> list[views.Json]:
    return [views.template(row) for row in ctx.store.templates]


@routes("customField.list")
async def custom_fields(ctx: Context, params: Params) -> Page:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.custom_fields.order,
        views.custom_field,
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )
