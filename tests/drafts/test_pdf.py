"""Every template converts to PDF with LibreOffice; page numbers start on page 2.

LibreOffice (soffice) and poppler (pdftotext, pdfinfo) are required: CI installs them.
"""

from __future__ import annotations

import subprocess

from cascade.drafts.build import render_draft
from cascade.drafts.pdf import to_pdf
from cascade.layout.profile import DOC_TYPES, profile_names

from .conftest import FIXED
from .samples import sample_draft
from .test_fast import NASTY


def pdftext(pdf, page: int | None = None) -> str:
    cmd = ["pdftotext", "-layout"]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])


def test_every_template_converts_to_pdf(tmp_path):
    docs = []
    for profile in profile_names():
        for doc_type in DOC_TYPES:
            path = tmp_path / f"{profile}-{doc_type}.docx"
            d = sample_draft(profile, doc_type, text=NASTY)
            d = d.model_copy(update={"summary": NASTY})
            path.write_bytes(render_draft(d, FIXED))
            docs.append(path)
    pdfs = to_pdf(docs, tmp_path / "pdf")
    assert len(pdfs) == len(docs) == len(profile_names()) * len(DOC_TYPES) == 45
    for pdf in pdfs:
        text = pdftext(pdf)
        assert "Lê" in text and ("Lương" in text or "Hải" in text), pdf.name
        # what a user typed comes out as text, template-like input included
        assert 'A & B < C > D "quoted"' in text and "{{ x }}" in text, pdf.name


def test_page_numbers_start_on_page_two(tmp_path):
    path = tmp_path / "long.docx"
    path.write_bytes(render_draft(sample_draft("nd30", "cong_van", points=24), FIXED))
    (pdf,) = to_pdf([path], tmp_path)
    n = pages(pdf)
    assert n >= 3
    first_lines = [pdftext(pdf, k).strip().splitlines()[0].strip() for k in range(1, n + 1)]
    assert first_lines[0].startswith("ỦY BAN NHÂN DÂN")  # no number on page 1
    assert first_lines[1:] == [str(k) for k in range(2, n + 1)]
