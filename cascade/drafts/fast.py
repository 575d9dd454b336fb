"""Compiled renderer: preprocess a template once, then render by rewriting only the
parts that change.

At compile time docxtpl's own preprocessing (``patch_xml``) turns the body XML into
Jinja source, which is compiled once; every other zip entry is deflated once and kept
as ready-made local-header + data bytes. A render is then one Jinja render, one deflate
of ``word/document.xml`` and ``docProps/core.xml``, and a concatenation. The output
equals plain docxtpl's in content (tests/drafts/test_fast.py); bytes are deterministic
for a given timestamp.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from markupsafe import escape

from cascade.drafts.render import jinja_env
from cascade.layout.escape import clean_text

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00, fixed
_PARA = re.compile(r"\n<w:p([ >])")
_BODY_OPEN = re.compile(r"<w:body[^>]*>")


def _deflate(data: bytes, level: int) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _entry(name: str, data: bytes, level: int = 6) -> tuple[bytes, bytes]:
    """(local header + deflated data, central record without its offset and name)."""
    raw = name.encode("utf-8")
    comp = _deflate(data, level)
    crc = zlib.crc32(data)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, _DOS_TIME, _DOS_DATE,
                        crc, len(comp), len(data), len(raw), 0) + raw + comp
    central = struct.pack("<4s6H3L5HL", b"PK\x01\x02", 20, 20, 0x800, 8, _DOS_TIME,
                          _DOS_DATE, crc, len(comp), len(data), len(raw), 0, 0, 0, 0,
                          0o644 << 16)
    return local, central


def _zip(entries: list[tuple[str, bytes]], prebuilt: bytes = b"",
         prebuilt_central: bytes = b"", prebuilt_count: int = 0) -> bytes:
    chunks = [prebuilt]
    centrals = [prebuilt_central]
    offset = len(prebuilt)
    for name, data in entries:
        local, central = _entry(name, data)
        centrals.append(central + struct.pack("<L", offset) + name.encode("utf-8"))
        chunks.append(local)
        offset += len(local)
    cd = b"".join(centrals)
    n = prebuilt_count + len(entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(cd), offset, 0)
    return b"".join(chunks) + cd + end


def core_xml(title: str, timestamp: dt.datetime) -> bytes:
    """docProps/core.xml with a title and fixed created/modified times."""
    when = timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
        'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(clean_text(title))}</dc:title><dc:creator>trienkhai</dc:creator>"
        "<cp:lastModifiedBy>trienkhai</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


class CompiledTemplate:
    """A docxtpl template compiled once; ``render`` is cheap and deterministic."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        tpl = DocxTemplate(str(self.path))
        tpl.init_docx()
        body_src = tpl.patch_xml(tpl.get_xml())
        # the body is spliced back into its document element, which declares the
        # namespaces already
        body_src = _BODY_OPEN.sub("<w:body>", body_src, count=1)
        self._body = jinja_env().from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body_src))
        with zipfile.ZipFile(self.path) as z:
            names = [i.filename for i in z.infolist()]
            parts = {n: z.read(n) for n in names}
        # Only the body is rendered here; docxtpl features this class does not replay
        # (tags in headers, footers or footnotes; column loops) are refused, not ignored.
        for n in names:
            if n.startswith(("word/header", "word/footer", "word/footnotes")) and re.search(
                    rb"\{[{%]", parts[n]):
                raise ValueError(f"{self.path}: template tags in {n} are not supported")
        if "{%tc" in body_src or "{% tc" in body_src:
            raise ValueError(f"{self.path}: column loops ({{%tc}}) are not supported")
        doc = parts[DOCUMENT].decode("utf-8")
        start = _BODY_OPEN.search(doc)
        if start is None:
            raise ValueError(f"{self.path}: no w:body")
        self._head = doc[: start.start()]
        self._tail = doc[doc.index("</w:body>") + len("</w:body>"):]
        static = [n for n in names if n not in (DOCUMENT, CORE)]
        locals_, centrals, offset = [], [], 0
        for n in static:
            local, central = _entry(n, parts[n])
            centrals.append(central + struct.pack("<L", offset) + n.encode("utf-8"))
            locals_.append(local)
            offset += len(local)
        self._static = b"".join(locals_)
        self._static_central = b"".join(centrals)
        self._static_count = len(static)

    def render_body(self, context: dict[str, Any]) -> str:
        xml = _PARA.sub(r"<w:p\1", self._body.render(context))
        return (xml.replace("{_{", "{{").replace("}_}", "}}")
                .replace("{_%", "{%").replace("%_}", "%}"))

    def render(self, context: dict[str, Any], *, title: str = "",
               timestamp: dt.datetime | None = None) -> bytes:
        """The .docx bytes for ``context`` (already escaped, see layout.escape)."""
        when = timestamp or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        document = (self._head + self.render_body(context) + self._tail).encode("utf-8")
        return _zip([(DOCUMENT, document), (CORE, core_xml(title, when))],
                    self._static, self._static_central, self._static_count)


@cache
def compiled(path: Path) -> CompiledTemplate:
    """Compile each template once per process."""
    return CompiledTemplate(path)
