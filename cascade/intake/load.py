"""A directive from a file: a document (.docx, .pdf, .txt, or a scan: an image or a PDF
without text, OCR'd first) read with ``read_directive``, or a directive YAML."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from cascade.citations.extract import SUPPORTED, ReadError
from cascade.citations.reader import read_document
from cascade.directive import Directive, load_directive
from cascade.intake import ocr
from cascade.intake.directive_out import to_directive
from cascade.intake.models import DirectiveReading
from cascade.intake.read import read_directive
from orgchart import Chart

YAML = (".yaml", ".yml")


def is_document(path: Path) -> bool:
    """A document to read (not a directive YAML)."""
    s = Path(path).suffix.lower()
    return s in SUPPORTED or s in ocr.IMAGES


def read_file(path: Path, chart: Chart) -> DirectiveReading:
    """Read ``path``: OCR first when it is a scan. ReadError names the file."""
    return read_with_text(path, chart)[0]


def read_with_text(path: Path, chart: Chart) -> tuple[DirectiveReading, str]:
    """The reading and the plain text its spans point into (a client showing the
    sentence behind each task needs both)."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"{path}: không tìm thấy tệp")
    if not is_document(path):
        raise ReadError(f"{path}: không hỗ trợ định dạng '{path.suffix or '(không có đuôi)'}'; "
                        f"chỉ đọc {', '.join([*SUPPORTED, *ocr.IMAGES])}")
    if ocr.needs_ocr(path):
        with tempfile.TemporaryDirectory(prefix="trienkhai-scan-") as tmp:
            out = Path(tmp) / f"{path.stem}.pdf"
            info = ocr.ocr_pdf(path, out)
            result = read_document(out, chart=chart)
            result.path = str(path)
        return read_directive(result, chart, ocr=info), result.text
    result = read_document(path, chart=chart)
    return read_directive(result, chart), result.text


def load_any(path: Path, chart: Chart, *, date: dt.date | None = None) -> Directive:
    """The planner's directive from a YAML file or from a document."""
    path = Path(path)
    if path.suffix.lower() in YAML or not is_document(path):
        return load_directive(path)
    return to_directive(read_file(path, chart), date=date, chart=chart)
