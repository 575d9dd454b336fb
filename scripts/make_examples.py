"""Write the signed parent documents the README uses, under ``examples/``.

Two documents of Kết luận 107-KL/TW in Lai Châu, as their offices would send them once
signed (number, date and the signer's name filled in), each as .docx and as the PDF
LibreOffice prints from it:

* ``cong-van-2269``: Công văn số 2269-CV/TU ngày 31/12/2024 of the Ban Thường vụ Tỉnh ủy,
  the province's answer to the directive (what ``trienkhai ingest`` records);
* ``kh-01``: Kế hoạch số 01-KH/ĐU ngày 22/01/2026 of the Đảng ủy Ủy ban nhân dân tỉnh,
  which cites it (what the README's HTTP session uploads as issued).

They are the project's own drafts of those tasks, from the plan as of 15/01/2026, so the
reader and the ingest match them as they would the real ones. Run from the repository root
(needs LibreOffice for the PDFs):

    python scripts/make_examples.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from cascade.compose import children_of, spec_for
from cascade.directive import load_directive
from cascade.drafts.build import render_draft
from cascade.drafts.pdf import to_pdf
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import SignerSpec
from cascade.plan_rules import load_rules
from cascade.planner import Issued, plan
from orgchart import load_chart

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
AS_OF = dt.date(2026, 1, 15)
# task → (file stem, number, date, signer's name as printed under the title)
SIGNED = {
    "lai-chau.btv": ("cong-van-2269", "2269", dt.date(2024, 12, 31), "Hoàng Văn Minh"),
    "lai-chau.dubnd": ("kh-01", "01", dt.date(2026, 1, 22), "Lê Văn Lương"),
}


def main() -> None:
    chart = load_chart()
    rules = load_rules(None)
    issued = {t: Issued(number=n, date=d) for t, (_, n, d, _) in SIGNED.items()}
    p = plan(chart, load_directive(EXAMPLES / "kl-107.yaml"), rules, as_of=AS_OF,
             scope=["lai-chau"], issued=issued)
    tasks = {t.id: t for t in p.tasks}
    children = children_of(p)
    docs = []
    for task_id, (stem, number, day, name) in SIGNED.items():
        t = tasks[task_id]
        spec = spec_for(p, t, rules, tasks, children)
        post = spec.signer.post if isinstance(spec.signer, SignerSpec) else spec.signer
        spec = spec.model_copy(update={"number": number, "date": day,
                                       "signer": SignerSpec(post=post, name=name)})
        out = EXAMPLES / f"{stem}.docx"
        stamp = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=dt.UTC)
        out.write_bytes(render_draft(resolve(chart, spec, today=day), stamp))
        docs.append(out)
        print(f"{out.relative_to(REPO)}: {t.body_name}, số {number}, ngày {day:%d/%m/%Y}")
    with tempfile.TemporaryDirectory() as tmp:
        for doc, pdf in zip(docs, to_pdf(docs, Path(tmp)), strict=True):
            shutil.move(pdf, doc.with_suffix(".pdf"))
            print(f"{doc.with_suffix('.pdf').relative_to(REPO)}")


if __name__ == "__main__":
    main()
