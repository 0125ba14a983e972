"""Users, departments, locations and hiring-team roles."""

from __future__ import annotations

from ashby.sandbox import shapes
from ashby.sandbox.api_errors import not_found
from ashby.sandbox.context import Context
from ashby.sandbox.endpoints.routing import Routes
from ashby.sandbox.paging import ListPage, paginate
from ashby.sandbox.params import Params

routes = Routes()


@routes("user.list")
async def list_users(ctx: Context, params: Params) -> ListPage:
    include_deactivated = params.opt_bool("includeDeactivated", False)
    return paginate(
        ctx,
        params,
        ctx.store.users.order,
        shapes.user,
        keep=lambda row: include_deactivated or row["isEnabled"],
        filters={"includeDeactivated": include_deactivated},
    )


@routes("user.info")
async def user_info(ctx: Context, params: Params) -> shapes.Json:
    return shapes.user(ctx.user(params.uuid("userId")))


@routes("user.search")
async def user_search(ctx: Context, params: Params) -> list[shapes.Json]:
    email = params.string("email").strip().lower()
    return [shapes.user(row) for row in ctx.store.users if row["email"].lower() == email]


@routes("department.list")
async def list_departments(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    return paginate(
        ctx,
        params,
        ctx.store.departments.order,
        shapes.department,
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )


@routes("department.info")
async def department_info(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.store.departments.get(params.uuid("departmentId"))
    if row is None:
        raise not_found("department_not_found", "Department")
    return shapes.department(row)


@routes("location.list")
async def list_locations(ctx: Context, params: Params) -> ListPage:
    include_archived = params.opt_bool("includeArchived", False)
    params.opt_bool("includeLocationHierarchy", False)  # the sandbox has no regions to include
    return paginate(
        ctx,
        params,
        ctx.store.locations.order,
        shapes.location,
        keep=lambda row: include_archived or not row["isArchived"],
        filters={"includeArchived": include_archived},
    )


@routes("location.info")
async def location_info(ctx: Context, params: Params) -> shapes.Json:
    row = ctx.store.locations.get(params.uuid("locationId"))
    if row is None:
        raise not_found("location_not_found", "Location")
    return shapes.location(row)


@routes("hiringTeamRole.list")
async def hiring_team_roles(ctx: Context, params: Params) -> list[object]:
    if params.opt_bool("namesOnly", True):
        return [row["title"] for row in ctx.store.hiring_roles]
    return [{"id": row["id"], "title": row["title"]} for row in ctx.store.hiring_roles]
