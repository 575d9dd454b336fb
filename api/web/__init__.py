"""The secretariat dashboard: server-rendered pages under ``/web/`` (``api.web.router``)."""
