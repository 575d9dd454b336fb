"""Reading a received directive and proposing its plan for one province, after the chart
is loaded, against opening the same file and taking its text alone, in the same run; and
OCR time per page of a scan.

    python bench/bench_directive_read.py [--rounds N] [--ocr-pages N]

The documents are the six of tests/intake (the five seeds in their frames and Kết luận
107-KL/TW), written as .docx and printed to PDF by LibreOffice; their pages are counted
in the PDF. For each, every round times:

* baseline: ``python-docx`` opening the .docx and joining the text of its paragraphs and
  table cells (for the PDF: ``pdftotext``), nothing recognised;
* read: ``cascade.intake.load.read_file`` (the reader, then ``read_directive``);
* plan: ``to_directive`` and ``plan`` over the issuer's province (Kết luận 107, a
  national directive, for Lai Châu), as ``trienkhai plan FILE`` does.

The figure is the median of the rounds (best beside it), wall and CPU. The scan is seed
002's PDF rasterised at 300 dpi with noise (as tests/intake makes it), OCR'd by
``ocrmypdf`` with Tesseract's Vietnamese data: seconds per page, against ``tesseract``
alone on the same page images.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cascade.directive import DirectiveError  # noqa: E402
from cascade.intake.directive_out import to_directive  # noqa: E402
from cascade.intake.load import read_file  # noqa: E402
from cascade.plan_rules import load_rules  # noqa: E402
from cascade.planner import plan  # noqa: E402
from orgchart import load_chart  # noqa: E402
from tests.intake import documents  # noqa: E402

PLAN_DAY = {"kl-107": dt.date(2026, 1, 15)}  # the national directive: Lai Châu's plan


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float, float, object]:
    """(median wall, best wall, median CPU) seconds over the rounds, and the last result."""
    walls, cpus, out = [], [], None
    for _ in range(rounds):
        c, t = _cpu(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(_cpu() - c)
    return statistics.median(walls), min(walls), statistics.median(cpus), out


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(ln.split()[-1] for ln in out.splitlines() if ln.startswith("Pages:")))


def propose(path: Path, name: str, chart, rules):
    """Read, then plan over the issuer's province (Lai Châu for the national one); no
    plan (None) when the directive cannot be made of what was read."""
    r = read_file(path, chart)
    try:
        d = to_directive(r, chart=chart)
    except DirectiveError:
        return r, None
    scope = d.scope or ["lai-chau"]
    return r, plan(chart, d, rules, as_of=PLAN_DAY.get(name), scope=scope)


def bench_documents(folder: Path, chart, rules, rounds: int) -> None:
    docx_files = [documents.build(n, folder) for n in documents.NAMES]
    pdfs = dict(zip(documents.NAMES, documents.pdf(docx_files, folder / "pdf"), strict=True))
    print("document  pages  format  baseline (text only)  read+plan median (best)  "
          "read+plan CPU  ×baseline  tasks read  plan tasks")
    for name, path in zip(documents.NAMES, docx_files, strict=True):
        for fmt, src, base in (("docx", path, docx_text), ("pdf", pdfs[name], pdf_text)):
            b_wall, _, _, _ = timed(lambda s=src, f=base: f(s), rounds)
            wall, best, cpu, (r, p) = timed(
                lambda s=src, n=name: propose(s, n, chart, rules), rounds)
            read_tasks = sum(t.kind == "task" for t in r.tasks)
            planned = f"{len(p.tasks):10}" if p is not None else "   no plan: " + (
                r.issuer_reason or "issuer, type, number or date not read")[:60]
            print(f"{name:9} {pages(pdfs[name]):5}  {fmt:6}  {b_wall * 1000:8.1f} ms          "
                  f"  {wall * 1000:7.0f} ms ({best * 1000:.0f})        {cpu * 1000:6.0f} ms"
                  f"  ×{wall / b_wall:7.1f}  {read_tasks:10}  {planned}")


def scan_of(pdf: Path, out: Path) -> tuple[Path, list[Path]]:
    """The PDF rasterised at 300 dpi in grey with salt-and-pepper noise, as one image PDF."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(out / "p")],
                   check=True)
    rnd = random.Random(7)
    images, files = [], sorted(out.glob("p-*.png"))
    for png in files:
        im = Image.open(png).convert("L")
        px = im.load()
        w, h = im.size
        for _ in range(w * h // 400):
            px[rnd.randrange(w), rnd.randrange(h)] = rnd.choice((0, 255))
        im.save(png)
        images.append(im)
    target = out / "scan.pdf"
    images[0].save(target, save_all=True, append_images=images[1:], resolution=300)
    return target, files


def bench_ocr(folder: Path, chart, n_pages: int) -> None:
    if shutil.which("ocrmypdf") is None:
        print("OCR: ocrmypdf not installed (Debian: ocrmypdf tesseract-ocr-vie), skipped")
        return
    src = documents.pdf([documents.build("seed-002", folder)], folder / "ocr-pdf")[0]
    work = folder / "scan"
    work.mkdir()
    scan, images = scan_of(src, work)
    images = images[:n_pages]
    t, c = time.perf_counter(), _cpu()
    for png in images:
        subprocess.run(["tesseract", str(png), "-", "-l", "vie"], check=True,
                       capture_output=True)
    base_wall, base_cpu = (time.perf_counter() - t) / len(images), (_cpu() - c) / len(images)
    t, c = time.perf_counter(), _cpu()
    r = read_file(scan, chart)
    wall, cpu = time.perf_counter() - t, _cpu() - c
    info = r.ocr
    assert info is not None
    print(f"\nOCR of seed-002 scanned ({info.pages} pages, 300 dpi, noise): read_file "
          f"{wall:.1f} s = {wall / info.pages:.1f} s/page wall, {cpu / info.pages:.1f} s/page "
          f"CPU (ocrmypdf alone {info.seconds:.1f} s); confidence {info.confidence}/100, "
          f"{info.low_confidence_words} doubtful words; tasks read "
          f"{sum(t.kind == 'task' for t in r.tasks)}")
    print(f"baseline: tesseract alone on {len(images)} page image(s): {base_wall:.1f} s/page "
          f"wall, {base_cpu:.1f} s/page CPU (ocrmypdf+read ×{wall / info.pages / base_wall:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--ocr-pages", type=int, default=1,
                    help="pages of the scan tesseract reads alone for the baseline")
    ap.add_argument("--no-ocr", action="store_true")
    args = ap.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, "
          f"{len(__import__('os').sched_getaffinity(0))} CPUs; rounds {args.rounds}")
    t = time.perf_counter()
    chart = load_chart()
    rules = load_rules(None)
    chart.find("Bộ Chính trị", limit=1)
    list(chart.graphs.values())
    print(f"chart loaded in {time.perf_counter() - t:.1f} s (not counted below)\n")
    with tempfile.TemporaryDirectory(prefix="bench-directive-") as tmp:
        bench_documents(Path(tmp), chart, rules, args.rounds)
        if not args.no_ocr:
            bench_ocr(Path(tmp), chart, args.ocr_pages)


if __name__ == "__main__":
    main()
