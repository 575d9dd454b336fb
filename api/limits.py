"""How much one request may send, in one place: the routes read these, the README's
security section states them, and the tests send one byte more.

YAML's own limits (depth, expansion, no aliases in a request) are ``orgchart.safe_yaml``'s
and a .docx's decompression budget is ``cascade.citations.budget``'s: both are shared
with the CLI, which this module is not.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from orgchart import safe_yaml

MAX_DIRECTIVE_BYTES = safe_yaml.REQUEST.max_bytes  # a directive body, YAML or JSON
MAX_UPLOAD_BYTES = 50_000_000  # a signed scan of a long plan, with room to spare
MAX_JSON_DEPTH = safe_yaml.REQUEST.max_depth


class OverLimit(ValueError):
    """A request over one of these limits: ``status`` (413 or 422) and a message in
    Vietnamese naming the field and the limit; ``api.problems`` answers it."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.status, self.field, self.message = status, field, message


async def read_body(request: Request, limit: int = MAX_DIRECTIVE_BYTES) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` (a stated
    Content-Length is believed first): nothing larger is held in memory."""
    stated = request.headers.get("content-length", "")
    if stated.isdigit() and int(stated) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> OverLimit:
    return OverLimit(413, "body", "dữ liệu gửi lên quá lớn, tối đa "
                                  f"{safe_yaml.vn_number(limit)} byte")


def check_depth(data: Any, limit: int = MAX_JSON_DEPTH) -> None:
    """422 when parsed JSON nests deeper than ``limit`` (YAML is checked as it is
    composed): later walks over the data then never meet Python's recursion limit."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise OverLimit(422, "body", f"lồng nhau quá sâu: hơn {limit} tầng")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
