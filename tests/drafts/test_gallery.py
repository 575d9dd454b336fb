"""The gallery: every drafted type × profile × level, drafted from the bundled chart by a
body that issues it, printed by LibreOffice in one run and read back from the PDF the
way a văn thư checks a draft before it goes to be signed (``pdfcheck.problems``).

Bodies run from a quarter of a page to several pages, so signature blocks land at the
top, middle and foot of a page; a second set sweeps one letter a line at a time across
a whole page, so the block meets every page break there is.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from cascade import doctypes
from cascade.drafts.build import render_draft
from cascade.drafts.context import Draft
from cascade.drafts.pdf import soffice, to_pdf
from cascade.drafts.resolve_spec import resolve
from cascade.drafts.spec import parse_spec
from cascade.layout.profile import DOC_TYPES

from .conftest import FIXED
from .pdfcheck import pages, problems

PARAGRAPH = ("Các cơ quan, đơn vị và người đứng đầu nâng cao hơn nữa vai trò, trách nhiệm "
             "trong công tác tiếp công dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản "
             "ánh, xác định đây là một nhiệm vụ chính trị quan trọng, thường xuyên")


@dataclass(frozen=True)
class Level:
    """Who issues at one level, and when (the profile follows from system and date)."""

    profile: str
    level: str
    day: dt.date
    party: str
    party_signer: str
    state: dict[str, str]   # type → issuer ("*" for the rest)


LEVELS = (
    Level("hd36", "province", dt.date(2026, 2, 10), "lai-chau.btv", "Phó Bí thư",
          {"*": "lai-chau.ubnd", "nghi_quyet": "lai-chau.hdnd",
           "ke_hoach": "lai-chau.so-vhttdl", "ket_luan": "lai-chau.thanhtra"}),
    Level("hd36", "commune", dt.date(2026, 2, 10), "c03390.btv", "Phó Bí thư Thường trực",
          {"*": "c03390.ubnd", "nghi_quyet": "c03390.hdnd"}),
    Level("hd36", "district", dt.date(2025, 3, 10), "d464.btv", "Bí thư",
          {"*": "d464.ubnd", "nghi_quyet": "d464.hdnd"}),
    Level("hd05", "province", dt.date(2026, 6, 10), "lai-chau.btv", "Phó Bí thư", {}),
    Level("hd05", "commune", dt.date(2026, 6, 10), "c03390.btv", "Phó Bí thư Thường trực", {}),
)
STATE_SIGNER = {"peoples_committee": "Chủ tịch", "peoples_council": "Chủ tịch",
                "department": "Giám đốc", "inspectorate": "Chánh Thanh tra"}


def body(doc_type: str, form: str, n: int) -> dict:
    """A body of ``n`` paragraphs shaped as the type is written."""
    if form == "decision":
        return {"grounds": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm "
                            "2025", "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013"],
                "body": [{"article": f"{PARAGRAPH} ({k})."} for k in range(1, n + 1)]}
    if doc_type in ("quy_che", "quy_dinh"):
        return {"body": [{"chapter": "Quy định chung", "content": [
                    {"article": "Phạm vi điều chỉnh", "content": [f"{PARAGRAPH}."]}]},
                 {"chapter": "Tổ chức thực hiện", "content": [
                     {"article": f"Trách nhiệm thi hành ({k})", "content": [f"{PARAGRAPH}."]}
                     for k in range(1, n + 1)]}]}
    if form == "letter":
        return {"body": ["Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị, "
                         "yêu cầu thực hiện tốt một số nhiệm vụ sau:",
                         *({"point": f"{PARAGRAPH} ({k})."} for k in range(1, n + 1))]}
    return {"body": ["Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị.",
                     {"section": "Mục đích, yêu cầu", "content": [f"{PARAGRAPH}."]},
                     {"section": "Nội dung", "content": [
                         {"point": f"{PARAGRAPH} ({k})."} for k in range(1, n + 1)]}]}


def gallery(chart) -> dict[str, Draft]:
    out: dict[str, Draft] = {}
    for i, (lv, doc_type) in enumerate((lv, t) for lv in LEVELS for t in DOC_TYPES):
        for system in ("party", "state") if lv.state else ("party",):
            issuer = lv.party if system == "party" else lv.state.get(doc_type, lv.state["*"])
            b = chart.resolve(issuer, as_of=lv.day)
            profile = lv.profile if system == "party" else "nd30"
            form = doctypes.get(doc_type).form(system)  # type: ignore[arg-type]
            if not doctypes.get(doc_type).issued_by(system):  # type: ignore[arg-type]
                continue
            signer = lv.party_signer if system == "party" else STATE_SIGNER[str(b.kind)]
            n = 1 + (i * 3 + (system == "state")) % 9
            spec = {"issuer": issuer, "type": doc_type, "summary":
                    "triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ "
                    "Chính trị về tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác "
                    "tiếp công dân", "signer": signer,
                    "copies_to": ["Thường trực cấp ủy", "Các cơ quan liên quan"],
                    **body(doc_type, form, n)}
            if i % 2:
                spec |= {"date": lv.day.isoformat(), "number": 3 + i}
            else:
                spec |= {"year": lv.day.year}
            if doctypes.get(doc_type).kinh_gui != "never":
                spec["recipients"] = (["Các sở, ban, ngành tỉnh", "Các đơn vị trực thuộc"]
                                      if doc_type == "cong_van" else ["Cấp trên trực tiếp"])
            if doc_type == "nghi_quyet" and system == "state":
                spec["session"] = "Khóa XVI, Kỳ họp thứ hai"
            name = f"{profile}-{lv.level}-{system}-{doc_type}"
            out[name] = resolve(chart, parse_spec(spec, name), profile=profile, today=lv.day)
    return out


def sweep(chart) -> dict[str, Draft]:
    """One công văn per length, a line more each time, over a page and a half."""
    out = {}
    for issuer, signer, day in (("lai-chau.ubnd", "Chủ tịch", "2026-02-10"),
                                ("lai-chau.btv", "Phó Bí thư", "2026-02-10")):
        for n in range(12, 42):
            spec = {"issuer": issuer, "type": "công văn", "date": day, "signer": signer,
                    "summary": "triển khai thực hiện Kết luận số 107-KL/TW",
                    "recipients": ["Các sở, ban, ngành tỉnh"],
                    "copies_to": ["Thường trực Tỉnh ủy", "Lãnh đạo"],
                    "body": [f"Dòng nội dung số {k} của công văn." for k in range(n)]}
            out[f"sweep-{issuer}-{n:02d}"] = resolve(chart, parse_spec(spec), today=FIXED.date())
    return out


@pytest.fixture(scope="module")
def printed(chart, tmp_path_factory) -> dict[str, tuple[Draft, Path, Path]]:
    assert soffice(), "LibreOffice (soffice) is required for the gallery"
    out = tmp_path_factory.mktemp("gallery")
    drafts = {**gallery(chart), **sweep(chart)}
    docs = []
    for name, d in drafts.items():
        path = out / f"{name}.docx"
        path.write_bytes(render_draft(d, FIXED))
        docs.append(path)
    pdfs = to_pdf(docs, out / "pdf", timeout=900)
    return {name: (d, doc, pdf)
            for (name, d), doc, pdf in zip(drafts.items(), docs, pdfs, strict=True)}


def test_every_type_profile_and_level_is_in_the_gallery(printed) -> None:
    names = {n for n in printed if not n.startswith("sweep")}
    for t in DOC_TYPES:
        for prefix in ("hd36-province-party", "hd36-commune-party", "hd36-district-party",
                       "hd05-province-party", "hd05-commune-party", "nd30-province-state",
                       "nd30-commune-state", "nd30-district-state"):
            assert f"{prefix}-{t}" in names, (prefix, t)
    assert len(names) == 8 * len(DOC_TYPES) == 120


def test_every_draft_opens_and_prints_every_part_where_it_belongs(printed) -> None:
    """Opened by python-docx and converted by LibreOffice (one run); then read back from
    the PDF: page 1 carries the header, number, place and date and title; the last page
    the whole signature block with room to sign, the Nơi nhận beside it, and a line of
    the body above it; no page carries only its number."""
    bad = {}
    for name, (d, doc, pdf) in printed.items():
        with zipfile.ZipFile(doc) as z:
            assert z.testzip() is None, name
        docx.Document(io.BytesIO(doc.read_bytes()))
        assert pdf.read_bytes().startswith(b"%PDF"), name
        if found := problems(d, pdf):
            bad[name] = found
    assert not bad, bad


def test_the_sweep_meets_every_page_break(printed) -> None:
    """The block lands at the foot of page 1, is pushed whole to page 2 with the last
    lines of the body, and sits at the top of page 2: all three happen in the sweep."""
    for issuer in ("lai-chau.ubnd", "lai-chau.btv"):
        counts = [len(pages(pdf)) for name, (_, _, pdf) in sorted(printed.items())
                  if name.startswith(f"sweep-{issuer}-")]
        assert counts == sorted(counts) and counts[0] == 1 and counts[-1] == 2, counts
