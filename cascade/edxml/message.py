"""An edXML message as plain values, written to XML and read back (lxml), and checked
against the fields' constraints (``data/fields.yaml``).

The document travels base64-encoded inside the message (``AttachmentEncoded``), unsigned:
signing and sending belong to the e-office system.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

DATA = Path(__file__).with_name("data") / "fields.yaml"


@cache
def spec() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


NS = spec()["namespace"]
E = f"{{{NS}}}"
NSMAP = {"edXML": NS}
DATE = spec()["date_format"]


class EdxmlError(ValueError):
    """A message that cannot be written or read; one line per field at fault."""


@dataclass(frozen=True)
class Organ:
    id: str
    name: str = ""


@dataclass(frozen=True)
class Reply:
    """ResponseFor: the document this one answers (implements)."""

    organ_id: str
    code: str  # "2269-CV/TU", "107-KL/TW", "12/KH-UBND"
    date: dt.date


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Message:
    sender: Organ
    to: list[Organ]
    number: str
    notation: str
    place: str
    date: dt.date
    type_name: str
    subject: str
    position: str
    normative: bool = False
    competence: str = ""
    signer_name: str = ""
    due: dt.date | None = None
    to_places: list[str] = field(default_factory=list)
    priority: int = 0
    replies: list[Reply] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    document_id: str = ""


def code_text(number: str, notation: str) -> str:
    """As printed: "2269-CV/TU" (a Party notation has its slash), "12/KH-UBND"."""
    return f"{number}{'-' if '/' in notation else '/'}{notation}"


# ------------------------------------------------------------------ writing
def _el(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    e = etree.SubElement(parent, E + tag)
    if text is not None:
        e.text = text
    return e


def _organ(parent: etree._Element, tag: str, o: Organ) -> None:
    e = _el(parent, tag)
    _el(e, "OrganId", o.id)
    _el(e, "OrganName", o.name)


def to_xml(m: Message, timestamp: dt.datetime | None = None) -> bytes:
    """The message as UTF-8 XML; its fields are checked first."""
    root = etree.Element(E + "edXMLEnvelope", nsmap=NSMAP)
    header = _el(root, "edXMLHeader")
    h = _el(header, "MessageHeader")
    _organ(h, "From", m.sender)
    for o in m.to:
        _organ(h, "To", o)
    if m.document_id:
        _el(h, "DocumentId", m.document_id)
    code = _el(h, "Code")
    _el(code, "CodeNumber", m.number)
    _el(code, "CodeNotation", m.notation)
    info = _el(h, "PromulgationInfo")
    _el(info, "Place", m.place)
    _el(info, "PromulgationDate", m.date.strftime(DATE))
    kind = _el(h, "DocumentType")
    _el(kind, "Type", "1" if m.normative else "2")
    _el(kind, "TypeName", m.type_name)
    _el(h, "Subject", m.subject)
    signer = _el(h, "SignerInfo")
    _el(signer, "Competence", m.competence)
    _el(signer, "Position", m.position)
    _el(signer, "FullName", m.signer_name)
    if m.due:
        _el(h, "DueDate", m.due.strftime(DATE))
    places = _el(h, "ToPlaces")
    for p in m.to_places:
        _el(places, "Place", p)
    other = _el(h, "OtherInfo")
    _el(other, "Priority", str(m.priority))
    for r in m.replies:
        rf = _el(h, "ResponseFor")
        _el(rf, "OrganId", r.organ_id)
        _el(rf, "Code", r.code)
        _el(rf, "PromulgationDate", r.date.strftime(DATE))
    trace = _el(_el(header, "TraceHeaderList"), "TraceHeader")
    _el(trace, "OrganId", m.sender.id)
    _el(trace, "Timestamp", (timestamp or dt.datetime.now(dt.UTC)).strftime(
        f"{DATE} %H:%M:%S"))
    body = _el(root, "edXMLBody")
    manifest = _el(body, "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _el(body, "AttachmentEncoded")
    for i, a in enumerate(m.attachments, 1):
        ref = _el(manifest, "Reference")
        _el(ref, "ContentId", f"cid:{i}")
        _el(ref, "ContentType", a.content_type)
        _el(ref, "AttachmentName", a.name)
        att = _el(encoded, "Attachment")
        _el(att, "ContentId", f"cid:{i}")
        _el(att, "AttachmentName", a.name)
        _el(att, "ContentType", a.content_type)
        _el(att, "ContentTransferEncoded", base64.b64encode(a.data).decode())
    problems = check(root)
    if problems:
        raise EdxmlError("\n".join(problems))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ------------------------------------------------------------------ checking
def _at(header: etree._Element, path: str) -> list[etree._Element]:
    return header.findall("/".join(E + p for p in path.split("/")))


def _parse_date(text: str) -> dt.date:
    for fmt in (DATE, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def check(root: etree._Element) -> list[str]:
    """Each field breaking its constraint, as ``<path>: <what is wrong>`` (Vietnamese)."""
    h = root.find(f"{E}edXMLHeader/{E}MessageHeader")
    if root.tag != E + "edXMLEnvelope" or h is None:
        return [f"edXMLEnvelope: không phải thông điệp edXML (không gian tên {NS})"]
    s = spec()
    out = []
    for f in s["fields"]:
        found = _at(h, f["path"])
        values = [(e.text or "").strip() for e in found]
        if f.get("required") and not any(values):
            out.append(f"{f['path']}: bắt buộc, không có giá trị")
            continue
        if len(found) > 1 and not f.get("repeated"):
            out.append(f"{f['path']}: chỉ được có một")
        for v in filter(None, values):
            out += [f"{f['path']}: {p}" for p in _value_problems(f, v, s)]
    return out


def _value_problems(f: dict[str, Any], v: str, s: dict[str, Any]) -> list[str]:
    out = []
    if f.get("max") and len(v) > f["max"]:
        out.append(f"dài {len(v)} ký tự, tối đa {f['max']}")
    if f.get("pattern") and not re.fullmatch(f["pattern"], v):
        out.append(f"giá trị {v!r} không đúng định dạng")
    if f.get("kind") == "date":
        try:
            _parse_date(v)
        except ValueError:
            out.append(f"ngày {v!r} không đúng định dạng yyyy/mm/dd")
    if f.get("kind") == "organ_id" and not (re.fullmatch(s["organ_code"], v)
                                            or re.fullmatch(s["chart_id"], v)):
        out.append(f"mã định danh {v!r} không phải mã QCVN 102 (000.00.00.H49) hay mã "
                   "cơ quan trong sơ đồ")
    return out


# ------------------------------------------------------------------ reading
def _text(h: etree._Element, path: str) -> str:
    e = h.find("/".join(E + p for p in path.split("/")))
    return (e.text or "").strip() if e is not None else ""


def from_xml(data: bytes, source: str = "edXML") -> Message:
    """Read a message; errors name the file and each field at fault."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise EdxmlError(f"{source}: XML không hợp lệ: {e}") from None
    problems = check(root)
    if problems:
        raise EdxmlError("\n".join(f"{source}: {p}" for p in problems))
    h = root.find(f"{E}edXMLHeader/{E}MessageHeader")
    assert h is not None

    def organs(tag: str) -> list[Organ]:
        return [Organ(_text(e, "OrganId"), _text(e, "OrganName")) for e in h.findall(E + tag)]

    due = _text(h, "DueDate")
    return Message(
        sender=organs("From")[0], to=organs("To"), number=_text(h, "Code/CodeNumber"),
        notation=_text(h, "Code/CodeNotation"), place=_text(h, "PromulgationInfo/Place"),
        date=_parse_date(_text(h, "PromulgationInfo/PromulgationDate")),
        type_name=_text(h, "DocumentType/TypeName"),
        normative=_text(h, "DocumentType/Type") == "1", subject=_text(h, "Subject"),
        competence=_text(h, "SignerInfo/Competence"),
        position=_text(h, "SignerInfo/Position"),
        signer_name=_text(h, "SignerInfo/FullName"),
        due=_parse_date(due) if due else None,
        to_places=[(e.text or "").strip() for e in h.findall(f"{E}ToPlaces/{E}Place")],
        priority=int(_text(h, "OtherInfo/Priority") or 0),
        replies=[Reply(_text(e, "OrganId"), _text(e, "Code"),
                       _parse_date(_text(e, "PromulgationDate")))
                 for e in h.findall(E + "ResponseFor")],
        attachments=[Attachment(_text(a, "AttachmentName"), _text(a, "ContentType"),
                                base64.b64decode(_text(a, "ContentTransferEncoded")))
                     for a in root.findall(f"{E}edXMLBody/{E}AttachmentEncoded/"
                                           f"{E}Attachment")],
        document_id=_text(h, "DocumentId"))
