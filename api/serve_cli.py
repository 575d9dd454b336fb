"""``trienkhai serve``: run the HTTP service (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer


def serve(
    db: Annotated[str | None, typer.Option(
        "--db", help="URL cơ sở dữ liệu: sqlite:///đường/dẫn.db hoặc "
                     "postgresql+psycopg://…; mặc định: biến TRIENKHAI_DB hoặc tệp "
                     "trienkhai.db.")] = None,
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Số tiến trình phục vụ.",
                                         min=1)] = 1,
) -> None:
    """Chạy dịch vụ HTTP (API theo dõi, cấp số văn bản); tài liệu API tại /docs."""
    import uvicorn

    from cascade.store.db import resolve_url

    os.environ["TRIENKHAI_DB"] = resolve_url(db)  # workers build the app from the env
    uvicorn.run("api.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="info")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``trienkhai`` command."""
    app.command("serve")(serve)
