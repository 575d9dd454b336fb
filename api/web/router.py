"""The dashboard under ``/web/``: its pages gathered in one router, its static files, and
a Vietnamese 404/405 page for any other path under ``/web/``."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, Response
from fastapi.routing import APIRoute
from starlette.routing import Match

from api.web.labels import STATUS_VI, quoted
from api.web.pages import STATIC, WebError, WebRoute, page
from api.web.routes import plans, received, secretariat, session, tasks

PARTS = (session, plans, tasks, received, secretariat)  # each router carries the /web prefix itself
router = APIRouter(route_class=WebRoute, include_in_schema=False)
for part in PARTS:
    router.include_router(part.router)


@router.get("/web/static/{name:path}")
def static(name: Annotated[str, Path(max_length=200)]) -> Response:
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
        raise WebError(404, f"Không có tệp {quoted(name, 80)}.")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


# every page, for the catch-all's 405 (an included router is matched lazily, so its
# routes are taken from the parts themselves)
PAGES = [*(r for part in PARTS for r in part.router.routes), *router.routes]


@router.api_route("/web/{path:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH",
                                               "DELETE", "OPTIONS"])
def not_found(request: Request, path: str) -> Response:
    """A path under /web/ that is no page: the Vietnamese error page, not the app's
    English problem+json (registered last, so it only sees what no page took; the JSON
    API outside /web/ keeps its own 404)."""
    allow = sorted({m for r in PAGES if isinstance(r, APIRoute)
                    and r.matches(request.scope)[0] is Match.PARTIAL for m in r.methods})
    if allow:  # the page exists, not for this method (a GET of a form's target)
        resp = page("error.html", 405, messages=[STATUS_VI[405]])
        resp.headers["Allow"] = ", ".join(allow)
        return resp
    return page("error.html", 404, messages=[
        f"Không có trang {quoted('/web/' + path, 80)}. Hãy bắt đầu lại từ danh sách văn "
        "bản chỉ đạo."])
