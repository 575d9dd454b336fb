"""Directive documents as offices send them, built for the tests from real texts.

The five seeds (tests/fixtures/seeds) lost their frames when they were copied to text;
here each gets one back, as its office prints it (docs/format-rules.md): the header
table (issuer lines, national title, number, place and date), the type title or the
V/v line, Kính gửi, the body as the seed prints it (its own numbering), and the table
of Nơi nhận beside the signature. Issuers, numbers and dates the seeds lost are filled in
with the bodies the seeds' texts name (tests/drafts/specs say which). Kết luận
107-KL/TW is composed from what the seeds quote of it, in the frame of a Politburo
conclusion.

``build(name, folder)`` writes NAME.docx (python-docx, no project code); ``pdf`` prints
it with LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
_MARK_RE = re.compile(r"(?:[IVX]{1,4}[.-]|\d{1,2}\.|[a-zđ]\)|[-+])\s*\S")
_END_RE = re.compile(r"[.:;!?]\s*[\"”]?$")


@dataclass
class Frame:
    """What the seed lost: its header, number, date and signature."""

    header: list[str]
    national: list[str]
    number_line: str
    date_line: str
    title: str | None  # KẾ HOẠCH, HƯỚNG DẪN …; None for a letter
    summary: list[str]
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    name: str = ""
    copies: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    rule: bool = False  # "-----" under a Party document's summary


PARTY = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
STATE = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def unwrap(lines: list[str]) -> list[str]:
    """Printed lines back into paragraphs: a paragraph opens at a marker ("1.", "- ",
    "II-") or after a line that ended a sentence when the next one opens with a capital."""
    out: list[str] = []
    for raw in lines:
        line = " ".join(raw.replace("*vu*", " ").replace("*", " ").split())
        if not line or line == "vu":
            continue
        if out and not _MARK_RE.match(line) and not (
                _END_RE.search(out[-1]) and line[:1].isupper()):
            out[-1] += ("" if out[-1].endswith("-") and line[:1].islower() else " ") + line
        else:
            out.append(line)
    return out


def seed_body(n: int, start: str = "Thực hiện", end: str = "Nơi nhận") -> list[str]:
    lines = (SEEDS / f"{n:03d}.txt").read_text(encoding="utf-8").splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith(start))
    j = next(k for k, ln in enumerate(lines) if k > i and ln.strip().startswith(end))
    return unwrap(lines[i:j])


def seed_list(n: int, after: str, stop: tuple[str, ...]) -> list[str]:
    """A "- …" list of the seed (Kính gửi, Nơi nhận) as printed."""
    lines = [ln.strip().replace("*", "").strip()
             for ln in (SEEDS / f"{n:03d}.txt").read_text(encoding="utf-8").splitlines()]
    i = next(k for k, ln in enumerate(lines) if ln.lstrip("- ").startswith(after))
    items: list[str] = []
    for ln in lines[i + 1:]:
        if not ln or ln == "vu":
            continue
        if ln.startswith(stop) or (not ln.startswith("-") and not items):
            break
        if ln.startswith("-"):
            items.append(ln)
        elif items and not ln.startswith(stop):
            if ln[:1].isupper() and _END_RE.search(items[-1]):
                break
            items[-1] += " " + ln
    return items


# ------------------------------------------------------------------ the documents

def frames() -> dict[str, Frame]:
    kl107_body = [
        "Sau 10 năm thực hiện Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị khóa XI "
        "về tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân và giải quyết "
        "khiếu nại, tố cáo, công tác tiếp công dân, giải quyết khiếu nại, tố cáo, kiến "
        "nghị, phản ánh có nhiều chuyển biến tích cực. Để tiếp tục tăng cường sự lãnh đạo "
        "của Đảng đối với công tác này trong tình hình mới, Bộ Chính trị yêu cầu các cấp "
        "ủy, tổ chức đảng, cơ quan, đơn vị, địa phương tập trung lãnh đạo, chỉ đạo thực hiện "
        "tốt một số nhiệm vụ, giải pháp trọng tâm sau:",
        "1. Các cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương và người đứng đầu tổ chức "
        "quán triệt, tuyên truyền, triển khai thực hiện nghiêm túc Kết luận này gắn với tiếp "
        "tục thực hiện có hiệu quả Chỉ thị số 35-CT/TW ngày 26/5/2014 của Bộ Chính trị về "
        "tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân và giải quyết khiếu "
        "nại, tố cáo; coi đây là nhiệm vụ chính trị quan trọng, thường xuyên để tập trung "
        "lãnh đạo, chỉ đạo.",
        "2. Người đứng đầu cấp ủy, chính quyền, cơ quan, đơn vị trực tiếp lãnh đạo, chỉ đạo "
        "và thực hiện nghiêm các quy định về tiếp công dân, đối thoại với người dân và giải "
        "quyết khiếu nại, tố cáo, kiến nghị, phản ánh; bảo đảm các trường hợp khiếu nại, tố "
        "cáo, kiến nghị, phản ánh được tiếp nhận, thụ lý, xử lý kịp thời, đúng thời hạn, thủ "
        "tục quy định, không để tồn đọng, kéo dài, khiếu kiện vượt cấp; chịu trách nhiệm "
        "người đứng đầu nếu thiếu trách nhiệm, buông lỏng lãnh đạo, chỉ đạo, quản lý để xảy "
        "ra các vụ việc khiếu nại, tố cáo vượt cấp, kéo dài.",
        "3. Các cấp ủy, ủy ban kiểm tra và các cơ quan chức năng tăng cường kiểm tra, giám "
        "sát, thanh tra trách nhiệm của người đứng đầu trong việc chấp hành các quy định của "
        "Đảng, pháp luật của Nhà nước về tiếp công dân, giải quyết khiếu nại, tố cáo, kiến "
        "nghị, phản ánh; kịp thời phát hiện, xử lý nghiêm những vi phạm, nhất là các hành vi "
        "thiếu trách nhiệm, đùn đẩy, né tránh, cố tình kéo dài việc giải quyết.",
        "4. Ban cán sự đảng Chính phủ lãnh đạo, chỉ đạo thực hiện nghiêm các quyết định, kết "
        "luận giải quyết khiếu nại, tố cáo đã có hiệu lực pháp luật; rà soát, giải quyết dứt "
        "điểm các vụ việc khiếu kiện đông người, phức tạp, kéo dài, không để hình thành "
        "“điểm nóng” về an ninh, trật tự; đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi "
        "số, cập nhật đầy đủ dữ liệu về tiếp công dân, xử lý đơn vào Cơ sở dữ liệu quốc gia.",
        "5. Đảng ủy Công an Trung ương lãnh đạo, chỉ đạo Bộ Công an nắm chắc diễn biến của "
        "tình hình khiếu nại, tố cáo, nhất là các vụ việc đông người, phức tạp, kéo dài, có "
        "nguy cơ phát sinh điểm nóng về an ninh, trật tự; kịp thời phát hiện, ngăn chặn, hóa "
        "giải; xử lý nghiêm các hành vi lợi dụng khiếu nại, tố cáo để kích động, chống phá "
        "Đảng, Nhà nước, gây mất an ninh, trật tự.",
        "6. Đảng đoàn Mặt trận Tổ quốc Việt Nam lãnh đạo, chỉ đạo Ủy ban Trung ương Mặt trận "
        "Tổ quốc Việt Nam tăng cường giám sát công tác tiếp công dân, giải quyết khiếu nại, "
        "tố cáo, kiến nghị, phản ánh; kịp thời nắm bắt tâm tư, nguyện vọng của Nhân dân, đẩy "
        "mạnh công tác hòa giải, vận động, thuyết phục công dân chấm dứt khiếu nại, tố cáo "
        "không đúng quy định của pháp luật, giảm thiểu các tranh chấp ngay từ cơ sở.",
        "7. Ban Tuyên giáo Trung ương phối hợp với các cơ quan thông tin, truyền thông đẩy "
        "mạnh tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của Nhà nước "
        "về tiếp công dân, giải quyết khiếu nại, tố cáo; biểu dương gương người tốt, việc tốt; "
        "đấu tranh, phản bác các thông tin xuyên tạc, lợi dụng khiếu nại, tố cáo để chống phá "
        "Đảng, Nhà nước.",
        "8. Ban Xây dựng Đảng các đảng ủy xã, phường, đặc khu chủ trì, phối hợp với các cơ "
        "quan, đơn vị thường xuyên định hướng tuyên truyền, vận động, đấu tranh với các hành "
        "vi vi phạm pháp luật trong lĩnh vực khiếu nại, tố cáo, tránh hiện tượng đưa tin một "
        "chiều, sai lệch bản chất sự việc.",
        "9. Tiếp tục củng cố, kiện toàn tổ chức bộ máy, đội ngũ cán bộ làm công tác tiếp công "
        "dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh; quan tâm đầu tư cơ sở vật "
        "chất trụ sở tiếp công dân khang trang, thuận tiện cho người dân; tăng cường tập "
        "huấn, bồi dưỡng nghiệp vụ cho đội ngũ cán bộ làm công tác này.",
        "10. Tổ chức thực hiện",
        "Giao Ban Nội chính Trung ương chủ trì, phối hợp với các cơ quan liên quan theo dõi, "
        "đôn đốc, kiểm tra việc thực hiện Kết luận này; định kỳ 6 tháng, hằng năm báo cáo "
        "Bộ Chính trị, Ban Bí thư.",
        "Kết luận này được phổ biến đến chi bộ.",
    ]
    return {
        "kl-107": Frame(
            header=["BAN CHẤP HÀNH TRUNG ƯƠNG", "*"], national=PARTY,
            number_line="Số 107-KL/TW", date_line="Hà Nội, ngày 24 tháng 12 năm 2024",
            title="KẾT LUẬN", summary=[
                "CỦA BỘ CHÍNH TRỊ",
                "về tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân "
                "và giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh"], rule=True,
            body=kl107_body,
            signature=["T/M BỘ CHÍNH TRỊ", "THƯỜNG TRỰC BAN BÍ THƯ"], name="Trần Cẩm Tú",
            copies=["- Các tỉnh ủy, thành ủy,",
                    "- Các ban đảng, ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Trung ương,",
                    "- Các đồng chí Ủy viên Ban Chấp hành Trung ương Đảng,",
                    "- Lưu Văn phòng Trung ương Đảng."]),
        "seed-000": Frame(
            header=["THÀNH ỦY CẦN THƠ", "*"], national=PARTY, number_line="Số 1105-CV/TU",
            date_line="Cần Thơ, ngày 10 tháng 3 năm 2025", title=None,
            summary=["triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024",
                     "của Bộ Chính trị"],
            recipients=[
                "- Các quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy,",
                "- Các Ban xây dựng Đảng của Thành ủy,",
                "- Các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức "
                "chính trị - xã hội thành phố."],
            body=seed_body(0), signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"],
            name="Phạm Văn Hiểu", copies=seed_list(0, "Nơi nhận", ("T/M",))),
        "seed-001": Frame(
            header=["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "HUYỆN ỦY VĨNH LINH", "*"], national=PARTY,
            number_line="Số 1320-CV/HU", date_line="Vĩnh Linh, ngày 10 tháng 3 năm 2025",
            title=None, summary=["Tăng cường lãnh đạo, chỉ đạo công tác",
                                 "tiếp công dân, xử lý đơn thư"],
            recipients=seed_list(1, "Kính gửi", ("Thực hiện",)),
            body=seed_body(1), signature=["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
            name="Trần Hồng Quyết", copies=seed_list(1, "Nơi nhận", ("T/M",))),
        "seed-002": Frame(
            header=["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], national=STATE,
            number_line="Số: 38/UBND-TH", date_line="Lai Châu, ngày 08 tháng 01 năm 2025",
            title=None, summary=["V/v triển khai thực hiện Kết luận số",
                                 "107-KL/TW, ngày 24/12/2024 của", "Bộ Chính trị"],
            recipients=["- Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh;",
                        "- Chủ tịch UBND các huyện, thành phố."],
            body=seed_body(2), signature=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
            name="Lê Văn Lương", copies=seed_list(2, "Nơi nhận", ("TM.",))),
        "seed-003": Frame(
            header=["UBND TỈNH HÀ NAM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], national=STATE,
            number_line="Số: 645/KH-SVHTTDL", date_line="Hà Nam, ngày 10 tháng 4 năm 2025",
            title="KẾ HOẠCH", summary=[
                "Quán triệt, triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024",
                "của Bộ Chính trị về tiếp tục tăng cường sự lãnh đạo của Đảng đối với công",
                "tác tiếp công dân và giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh"],
            body=seed_body(3), signature=["GIÁM ĐỐC"], name="Mai Thành Chung",
            copies=seed_list(3, "Nơi nhận", ("GIÁM ĐỐC",))),
        "seed-004": Frame(
            header=["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "ĐẢNG ỦY XÃ MINH HÓA", "*"], national=PARTY,
            number_line="Số 05-HD/ĐU", date_line="Minh Hóa, ngày 15 tháng 10 năm 2025",
            title="HƯỚNG DẪN", summary=[
                "công tác tuyên truyền và vận động thực hiện Kết luận số 107-KL/TW,",
                "ngày 24/12/2024 của Bộ Chính trị về tiếp tục tăng cường sự lãnh đạo",
                "của Đảng đối với công tác tiếp công dân và giải quyết khiếu nại, tố cáo,",
                "kiến nghị, phản ánh"], rule=True,
            body=seed_body(4), signature=["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"],
            name="Lê Thanh Hải", copies=seed_list(4, "Nơi nhận", ("T/M",))),
    }


# ------------------------------------------------------------------ .docx

def _para(cell_or_doc, text: str, *, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, size: float = 13, indent: bool = False):
    p = cell_or_doc.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(3)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    return p


def _fill(cell, lines: list[str], **kw) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for line in lines:
        if first:
            p = cell.paragraphs[0]
            p.alignment = kw.get("align", WD_ALIGN_PARAGRAPH.CENTER)
            run = p.add_run(line)
            run.bold, run.italic = kw.get("bold", False), kw.get("italic", False)
            run.font.size = Pt(kw.get("size", 13))
            first = False
        else:
            _para(cell, line, **kw)


def build(name: str, folder: Path) -> Path:
    """NAME.docx in ``folder``, from its frame and body."""
    f = frames()[name]
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fill(head.cell(0, 0), f.header, bold=True)
    _fill(head.cell(0, 1), f.national, bold=True)
    letter = f.title is None
    _fill(head.cell(1, 0), [f.number_line, *(f.summary if letter else [])], size=12)
    _fill(head.cell(1, 1), [f.date_line], italic=True)
    if not letter:
        _para(doc, f.title, bold=True, size=14)
        for line in f.summary:
            _para(doc, line, bold=True, size=14)
        if f.rule:
            _para(doc, "-----")
    if f.recipients:
        _para(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER)
        for r in f.recipients:
            _para(doc, r, align=WD_ALIGN_PARAGRAPH.LEFT)
    for text in f.body:
        _para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, size=14)
    sig = doc.add_table(rows=1, cols=2)
    _fill(sig.cell(0, 0), ["Nơi nhận:", *f.copies], align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    _fill(sig.cell(0, 1), [*f.signature, "", "", f.name], bold=True)
    out = folder / f"{name}.docx"
    doc.save(str(out))
    return out


def pdf(docs: list[Path], folder: Path) -> list[Path]:
    from cascade.drafts.pdf import to_pdf

    return to_pdf(docs, folder, timeout=180)


NAMES = ("kl-107", "seed-000", "seed-001", "seed-002", "seed-003", "seed-004")
DATES = {"kl-107": dt.date(2024, 12, 24)}
