"""Where the .docx templates live: bundled in the wheel, or the repo in an editable install."""

from __future__ import annotations

from pathlib import Path

import cascade


def templates_dir() -> Path:
    """``cascade/_bundled_templates`` when installed from a wheel, else ``<repo>/templates``."""
    bundled = Path(cascade.__file__).parent / "_bundled_templates"
    if bundled.is_dir():
        return bundled
    repo = Path(cascade.__file__).resolve().parent.parent / "templates"
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"không tìm thấy thư mục mẫu văn bản: {bundled} hoặc {repo}")


def template_path(profile: str, doc_type: str) -> Path:
    path = templates_dir() / profile / f"{doc_type}.docx"
    if not path.is_file():
        raise FileNotFoundError(f"không có mẫu {doc_type} cho {profile}: {path}")
    return path
