"""Sample drafts that exercise every component of every template, without the chart."""

from __future__ import annotations

import datetime as dt

from cascade.drafts.context import Draft, IssuerFacts, SignerFacts
from cascade.layout.body import Article, Bullets, Chapter, Heading, Point, Section
from cascade.layout.profile import load_profile
from cascade.layout.rules import Copy

STATE = IssuerFacts(
    header_chain=["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], kind="peoples_committee", symbol="UBND",
    place="Lai Châu", unit_type="tỉnh", unit_level="province", province_place="Lai Châu",
    collective="Ủy ban nhân dân", head_title="Chủ tịch", name="Ủy ban nhân dân tỉnh Lai Châu")
COUNCIL = IssuerFacts(
    header_chain=["HỘI ĐỒNG NHÂN DÂN", "TỈNH LAI CHÂU"], kind="peoples_council", symbol="HĐND",
    place="Lai Châu", unit_type="tỉnh", unit_level="province", province_place="Lai Châu",
    collective="Hội đồng nhân dân", head_title="Chủ tịch", name="Hội đồng nhân dân tỉnh Lai Châu")
DEPARTMENT = IssuerFacts(
    header_chain=["UBND TỈNH HÀ NAM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], kind="department",
    symbol="SVHTTDL", place="Hà Nam", unit_type="tỉnh", unit_level="province",
    head_title="Giám đốc", name="Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Nam")
PARTY = IssuerFacts(
    header_chain=["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG ỦY XÃ BÌNH LƯ", "*"], kind="standing_board",
    symbol="ĐU", place="Bình Lư", unit_type="xã", unit_level="commune",
    province_place="Lai Châu", collective="Ban Thường vụ", head_title="Bí thư",
    office="Văn phòng Đảng ủy", name="Ban Thường vụ Đảng ủy",
    author="Ban Thường vụ Đảng ủy xã")

PARAGRAPH = ("Các cơ quan, đơn vị và người đứng đầu nâng cao hơn nữa vai trò, trách nhiệm "
             "trong công tác tiếp công dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh, "
             "xác định đây là một nhiệm vụ chính trị quan trọng, thường xuyên.")
ARTICLES = ("quyet_dinh",)
CHAPTERS = ("quy_che", "quy_dinh")
ADDRESSED = ("cong_van", "to_trinh", "bao_cao")


def body(doc_type: str, points: int = 3, decision: bool = False):
    if decision or doc_type in ARTICLES:
        return [Article(article=f"Điều khoản thứ {k}: {PARAGRAPH}") for k in range(1, 4)]
    if doc_type in CHAPTERS:
        return [Chapter(chapter="Quy định chung", content=[
                    Article(article="Phạm vi điều chỉnh", content=[PARAGRAPH]),
                    Article(article="Đối tượng áp dụng", content=[
                        Point(point="Các cơ quan, đơn vị.")])]),
                Chapter(chapter="Tổ chức thực hiện", content=[
                    Article(article=f"Điều khoản thi hành: {PARAGRAPH}")])]
    return [
        "Thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị; mở đầu văn bản.",
        Section(section="Mục đích, yêu cầu", content=[
            Heading(heading="Mục đích", content=[
                "Đoạn văn thuộc mục đích.",
                Heading(heading="Tiểu mục", content=[Bullets(bullets=["Gạch đầu dòng."])]),
            ]),
        ]),
        Section(section="Nội dung", content=[
            Point(point=f"Điểm số {k}. {PARAGRAPH}") for k in range(1, points + 1)
        ]),
    ]


def sample_draft(profile: str, doc_type: str, *, points: int = 3, text: str | None = None,
                 date: dt.date | None = dt.date(2026, 1, 5), draft_mark: bool = True) -> Draft:
    """A draft of ``doc_type`` under ``profile`` by a realistic issuer of that type: a
    Party standing board; a UBND tỉnh (an HĐND tỉnh for a nghị quyết, a sở for a kế
    hoạch)."""
    p = load_profile(profile)
    decision = p.form(doc_type) == "decision"
    if p.system == "party":
        issuer = PARTY
    elif doc_type == "nghi_quyet":
        issuer = COUNCIL
    else:
        issuer = DEPARTMENT if doc_type == "ke_hoach" else STATE
    signer = (SignerFacts(role="standing_deputy", title="Phó Bí thư", name="Lê Thanh Hải")
              if p.system == "party" else
              SignerFacts(role="head", title=issuer.head_title or "", name="Lê Văn Lương"))
    nodes = body(doc_type, points, decision)
    if text is not None:
        nodes = [text, *nodes]
    recipients = (["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"]
                  if doc_type in ("cong_van", "bao_cao") else
                  ["Thường trực Tỉnh ủy"] if doc_type == "to_trinh" else [])
    return Draft(
        profile=p, doc_type=doc_type, issuer=issuer, signer=signer,
        summary="Triển khai thực hiện Kết luận số 107-KL/TW của Bộ Chính trị",
        date=date, year=2026, number=None if draft_mark else 7, unit="TH",
        recipients=recipients,
        copies=[Copy(text="Thường trực Tỉnh ủy", purpose="report"), Copy(text="Lãnh đạo")],
        body=nodes, grounds=(["Căn cứ Luật Tổ chức chính quyền địa phương", "Căn cứ Kết luận"]
                             if decision else []),
        session="Khóa XV, Kỳ họp thứ mười" if issuer is COUNCIL else None,
        year_in_number=issuer is COUNCIL,
        draft_mark=p.texts.draft_mark if draft_mark else None,
    )
