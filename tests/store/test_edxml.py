"""edXML: a kl-107 task's document round-trips through export and import."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from lxml import etree

from cascade.edxml import message as m
from cascade.edxml.tasks import incoming, task_message
from cascade.plan_rules import load_rules
from cascade.store.plans import record_issued

from .test_reminders import make


def test_a_kl107_draft_round_trips(store, chart) -> None:
    pid = make(store, chart)  # the Ban Thường vụ's 2269-CV/TU issued on 01/02/2026
    with store.read() as s:
        out = task_message(s, chart, load_rules(), pid, "lai-chau.btgdv", number="15",
                           date=dt.date(2026, 2, 5))
    root = etree.fromstring(out.xml)
    assert root.tag == f"{{{m.NS}}}edXMLEnvelope" and m.check(root) == []
    back = incoming(chart, m.from_xml(out.xml))
    assert (back.issuer_id, back.number, back.symbol, back.date) == (
        "lai-chau.btgdv", "15", "HD/BTGDVTU", dt.date(2026, 2, 5))
    assert back.parents == [("lai-chau.btv", "2269-CV/TU", dt.date(2026, 2, 1))]
    msg = out.message
    assert msg.type_name == "Hướng dẫn" and msg.place == "Lai Châu"
    assert msg.position == "Trưởng ban" and msg.due == dt.date(2026, 2, 24)
    assert {o.id for o in msg.to} >= {"c03390.btv", "c03388.btv"}
    # the sender, its 38 communes and the Ban Thường vụ it answers: no code in the chart
    assert out.warnings[0].startswith("40 cơ quan chưa có mã định danh QCVN 102")
    # the attachment is the draft, numbered
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(back.attachment.data)).paragraphs)
    assert "Công văn số 2269-CV/TU ngày 01/02/2026" in text
    tables = [c.text for t in docx.Document(io.BytesIO(back.attachment.data)).tables
              for r in t.rows for c in r.cells]
    assert any("Số 15-HD/BTGDVTU" in c for c in tables)


def test_an_issued_state_document_and_the_directive_as_parent(store, chart, tmp_path) -> None:
    pid = make(store, chart)
    signed = tmp_path / "kh.pdf"
    signed.write_bytes(b"%PDF-1.4 signed plan")
    with store.write() as s:
        record_issued(s, pid, "lai-chau.dubnd", number="03", symbol="KH/ĐU",
                      date=dt.date(2026, 2, 3), signer="Nguyễn Văn A", file_name="kh.pdf",
                      file_path=str(signed), file_sha256=None, actor="test")
        record_issued(s, pid, "lai-chau.ubnd", number="762", symbol="UBND-TH",
                      date=dt.date(2026, 2, 20), signer="Lê Văn B", file_name="cv.pdf",
                      file_path=str(signed), file_sha256=None, actor="test")
    with store.read() as s:
        ubnd = task_message(s, chart, load_rules(), pid, "lai-chau.ubnd")
        btv = task_message(s, chart, load_rules(), pid, "lai-chau.btv")
        with pytest.raises(m.EdxmlError, match="chưa ban hành"):
            task_message(s, chart, load_rules(), pid, "lai-chau.so-noivu")
        yte = task_message(s, chart, load_rules(), pid, "lai-chau.so-yte")
    back = incoming(chart, m.from_xml(ubnd.xml))
    assert (back.number, back.symbol, back.date) == ("762", "UBND-TH", dt.date(2026, 2, 20))
    # the UBND tỉnh answers the Tỉnh ủy's công văn and its Đảng ủy's kế hoạch (seed 002)
    assert back.parents == [("lai-chau.btv", "2269-CV/TU", dt.date(2026, 2, 1)),
                            ("lai-chau.dubnd", "03-KH/ĐU", dt.date(2026, 2, 3))]
    assert back.attachment.data == signed.read_bytes()
    assert ubnd.message.signer_name == "Lê Văn B"
    # a Sở's plan has no addressees: sent to the bodies of its Nơi nhận
    assert "lai-chau.ubnd" in {o.id for o in yte.message.to}
    assert incoming(chart, m.from_xml(btv.xml)).parents == [
        ("tw.bct", "107-KL/TW", dt.date(2024, 12, 24))]


def test_import_refuses_a_message_breaking_the_constraints() -> None:
    base = m.Message(sender=m.Organ("000.00.00.H49", "UBND tỉnh Quảng Ninh"),
                     to=[m.Organ("quang-ninh.so-yte", "Sở Y tế")],
                     number="12", notation="KH-UBND", place="Quảng Ninh",
                     date=dt.date(2026, 1, 5), type_name="Kế hoạch", subject="Triển khai",
                     position="Chủ tịch")
    xml = m.to_xml(base)
    assert m.from_xml(xml).sender.id == "000.00.00.H49"
    bad = xml.replace(b"<edXML:CodeNumber>12<", b"<edXML:CodeNumber>12a<") \
        .replace(b"2026/01/05", b"05/01/2026").replace(b"000.00.00.H49", b"H49 ?")
    with pytest.raises(m.EdxmlError) as e:
        m.from_xml(bad, "den.xml")
    lines = str(e.value).splitlines()
    assert "den.xml: Code/CodeNumber: giá trị '12a' không đúng định dạng" in lines
    assert any(x.startswith("den.xml: PromulgationInfo/PromulgationDate: ngày") for x in lines)
    assert any(x.startswith("den.xml: From/OrganId: mã định danh") for x in lines)
    with pytest.raises(m.EdxmlError, match="XML không hợp lệ"):
        m.from_xml(b"<edXML:x", "den.xml")
    with pytest.raises(m.EdxmlError, match="tối đa 500"):
        m.to_xml(m.Message(**{**base.__dict__, "subject": "x" * 501}))
