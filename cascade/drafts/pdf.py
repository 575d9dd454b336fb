"""PDF conversion with LibreOffice (``soffice --headless``), when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

# LibreOffice 7.4 converts at most 247 files per run and then exits 0 without a word
# about the rest: never hand it more than this at once.
PER_RUN = 200


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed: say so plainly instead of failing obscurely."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docs: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Convert .docx files to PDF in ``outdir``, one LibreOffice run per ``PER_RUN``
    files (its start-up dominates a small run); ``timeout`` bounds each run."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("Không tìm thấy LibreOffice (soffice) nên không xuất được PDF; "
                             "hãy cài gói libreoffice-writer rồi chạy lại với --pdf.")
    outdir.mkdir(parents=True, exist_ok=True)
    out = [outdir / (Path(d).stem + ".pdf") for d in docs]
    with tempfile.TemporaryDirectory(prefix="trienkhai-lo-") as profile:
        for start in range(0, len(docs), PER_RUN):
            part = docs[start:start + PER_RUN]
            cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), *map(str, part)]
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                 check=False)
            missing = [p for p in out[start:start + PER_RUN] if not p.is_file()]
            if run.returncode != 0 or missing:
                raise RuntimeError(f"LibreOffice không chuyển được sang PDF: {missing or ''} "
                                   f"{run.stderr.strip()[-500:]}")
    return out
