"""OCR for scans: a PDF without a text layer, or a photo or scan image, goes through
ocrmypdf with Tesseract's Vietnamese data (Debian: ocrmypdf, tesseract-ocr-vie) into a
PDF with a text layer, which the reader then reads as it reads any PDF.

Tesseract's own PDF renderer ("sandwich") is used: it keeps every Vietnamese letter in
the text layer, where the hOCR renderer lost the precomposed ones ("Thc hin" for "Thực
hiện"). The confidence reported is Tesseract's mean word confidence (0–100), from the
TSV pages it writes beside (``tessedit_create_tsv``), kept with ``--keep-temporary-files``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from cascade.citations.extract import ReadError
from cascade.intake.models import OcrInfo

IMAGES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff"}
LOW_CONFIDENCE = 60  # a word Tesseract is less sure of than this is counted as doubtful
_SECONDS_PER_PAGE = 120


def needs_ocr(path: Path) -> bool:
    """An image, or a PDF whose text layer is empty."""
    suffix = path.suffix.lower()
    if suffix in IMAGES:
        return True
    if suffix != ".pdf":
        return False
    exe = shutil.which("pdftotext")
    if exe is None:
        return False
    run = subprocess.run([exe, "-l", "3", str(path), "-"], capture_output=True, check=False)
    return run.returncode == 0 and not run.stdout.strip()


def _confidences(tsv: Path) -> list[float]:
    """Word confidences of one Tesseract TSV page (-1 marks rows that are not words)."""
    out = []
    for row in tsv.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[11].strip():
            try:
                conf = float(cols[10])
            except ValueError:
                continue
            if conf >= 0:
                out.append(conf)
    return out


def _pages(path: Path) -> int:
    exe = shutil.which("pdfinfo")
    if exe is None or path.suffix.lower() != ".pdf":
        return 1
    run = subprocess.run([exe, str(path)], capture_output=True, text=True, check=False)
    m = re.search(r"^Pages:\s+(\d+)", run.stdout, re.M)
    return int(m.group(1)) if m else 1


def ocr_pdf(src: Path, out: Path) -> OcrInfo:
    """Write ``out``, ``src`` with a Vietnamese text layer; ReadError names the file."""
    exe = shutil.which("ocrmypdf")
    if exe is None:
        raise ReadError(f"{src}: là bản scan; cần ocrmypdf và dữ liệu tiếng Việt của "
                        "Tesseract (gói ocrmypdf, tesseract-ocr-vie) để đọc")
    pages = _pages(src)
    with tempfile.TemporaryDirectory(prefix="trienkhai-ocr-") as tmp:
        cfg = Path(tmp) / "tsv.cfg"
        cfg.write_text("tessedit_create_tsv 1\n", encoding="utf-8")
        cmd = [exe, "-l", "vie", "--pdf-renderer", "sandwich", "--tesseract-config", str(cfg),
               "--keep-temporary-files", "--output-type", "pdf", "--optimize", "0",
               "--rotate-pages", "--deskew", "--quiet"]
        if src.suffix.lower() in IMAGES:
            cmd += ["--image-dpi", "300"]
        start = time.perf_counter()
        try:
            run = subprocess.run([*cmd, str(src), str(out)], capture_output=True, text=True,
                                 check=False, timeout=_SECONDS_PER_PAGE * pages,
                                 env={**os.environ, "TMPDIR": tmp})
        except subprocess.TimeoutExpired:
            raise ReadError(f"{src}: OCR quá {_SECONDS_PER_PAGE * pages} giây, đã dừng") from None
        took = time.perf_counter() - start
        if run.returncode != 0 or not out.is_file():
            detail = (run.stderr.strip().splitlines() or [f"mã lỗi {run.returncode}"])[-1]
            raise ReadError(f"{src}: OCR không đọc được tệp ({detail})")
        confs = [c for f in sorted(Path(tmp).rglob("*.tsv")) for c in _confidences(f)]
    return OcrInfo(pages=pages, confidence=round(sum(confs) / len(confs), 1) if confs else None,
                   low_confidence_words=sum(c < LOW_CONFIDENCE for c in confs),
                   seconds=round(took, 2))
