"""The secretariat dashboard: server-rendered pages under ``/web/`` (see ``routes``)."""

from api.web.routes import web_router

__all__ = ["web_router"]
