"""The OpenAPI document is the service's contract with document-management systems: it
changes only on purpose, never as a side effect of moving code.

``tests/fixtures/openapi.json`` is the document as committed. After an intended change,
regenerate it and commit it with the change that explains it::

    python -c "import json, tempfile; from api.main import create_app; \
d = tempfile.mkdtemp(); doc = create_app(f'sqlite:///{d}/s.db', files_dir=d).openapi(); \
open('tests/fixtures/openapi.json', 'w', encoding='utf-8').write(json.dumps(doc, \
ensure_ascii=False, indent=1, sort_keys=True) + chr(10))"
"""

from __future__ import annotations

import json
from pathlib import Path

from api.main import create_app

CONTRACT = Path(__file__).resolve().parents[1] / "fixtures" / "openapi.json"


def _differences(got: object, want: object, where: str = "") -> list[str]:
    """Paths at which two JSON documents differ, so a failure names what moved."""
    if isinstance(got, dict) and isinstance(want, dict):
        out = [f"{where}/{k}: only in the committed document" for k in want if k not in got]
        out += [f"{where}/{k}: not in the committed document" for k in got if k not in want]
        for k in got.keys() & want.keys():
            out += _differences(got[k], want[k], f"{where}/{k}")
        return out
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        return [d for i, (a, b) in enumerate(zip(got, want, strict=True))
                for d in _differences(a, b, f"{where}/{i}")]
    return [] if got == want else [f"{where or '/'}: {got!r} != {want!r}"[:300]]


def test_openapi_document_is_the_committed_one(tmp_path: Path, chart) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'store.db'}", chart=chart,
                     files_dir=tmp_path / "files")
    got = json.loads(json.dumps(app.openapi(), ensure_ascii=False))
    want = json.loads(CONTRACT.read_text(encoding="utf-8"))
    assert not _differences(got, want), "\n".join(sorted(_differences(got, want))[:40])
    app.state.store.dispose()


def test_the_comparison_sees_a_changed_document() -> None:
    want = json.loads(CONTRACT.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(want))
    got["paths"]["/numbers"]["post"]["parameters"][0]["name"] = "Idempotency-Key-2"
    del got["components"]["schemas"]["TaskOut"]
    found = _differences(got, want)
    assert "/components/schemas/TaskOut: only in the committed document" in found
    assert any(d.startswith("/paths//numbers/post/parameters/0/name:") for d in found)
