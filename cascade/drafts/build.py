"""One call from a Spec to .docx bytes: resolve, lay out, render (compiled renderer)."""

from __future__ import annotations

import datetime as dt

from cascade.drafts.context import Draft, build_context, document_title
from cascade.drafts.fast import compiled
from cascade.drafts.paths import template_path
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import Spec
from orgchart import Chart


def render_draft(d: Draft, timestamp: dt.datetime | None = None) -> bytes:
    """The .docx for a resolved draft."""
    tpl = compiled(template_path(d.profile.name, d.doc_type))
    return tpl.render(build_context(d), title=document_title(d), timestamp=timestamp)


def draft_docx(chart: Chart, spec: Spec, *, profile: str | None = None,
               timestamp: dt.datetime | None = None) -> bytes:
    return render_draft(resolve(chart, spec, profile=profile), timestamp)
