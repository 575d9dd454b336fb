"""The ``trienkhai`` command: one entry point for every part of the product."""

from __future__ import annotations

import typer

from api.cli_text import VietGroup
from api.serve_cli import register as register_serve
from cascade.check.cli import register as register_check
from cascade.citations.cli import register as register_citations
from cascade.citations.ingest_cli import register as register_ingest
from cascade.drafts.cli import register as register_draft
from cascade.edxml.cli import register as register_edxml
from cascade.intake.cli import register as register_intake
from cascade.plan_cli import register as register_plan
from cascade.secretariat.cli import register as register_secretariat
from cascade.store.keys_cli import register as register_keys
from cascade.store.track_cli import register as register_track
from orgchart.cli import app as orgchart_app

app = typer.Typer(
    name="trienkhai",
    help="Triển khai: lập kế hoạch, soạn thảo và theo dõi văn bản triển khai thực hiện "
    "chỉ thị, nghị quyết, kết luận của cấp trên.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=VietGroup,  # help pages and usage errors in Vietnamese, for every command below
    add_completion=False,  # its options' help is English and not a clerk's concern
)
app.add_typer(orgchart_app, name="orgchart")
register_draft(app)
register_plan(app)
register_keys(app)
register_track(app)
register_secretariat()
register_serve(app)
register_citations(app)
register_ingest(app)
register_intake(app)
register_check(app)
register_edxml(app)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
