"""Documents per second: reading the five seeds as .docx and as PDF, header and citations,
against text extraction alone (python-docx paragraphs, plain ``pdftotext``) in the same run.

    python bench/bench_citations.py [--rounds N]

The seeds (tests/fixtures/seeds, plain text) are first written as .docx, one paragraph per
printed line, and printed to PDF by LibreOffice, so both formats carry the real wording,
damage included. Then, for each format, every round reads the five files once with the
baseline and once with ``read_document``; the figures are the best and the median wall
time of the rounds and the median CPU time (this process and pdftotext, which varies
far less than wall time on a shared machine), and the citations read from each format
are compared with those read from the .txt seed.
"""

from __future__ import annotations

import argparse
import platform
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

from cascade.citations.reader import read_document  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def write_docx(text: str, path: Path) -> None:
    """One paragraph per printed line, as a clerk's .docx of the seed would hold it."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.rstrip())
    document.save(str(path))


def print_pdfs(docx_files: list[Path], out: Path) -> None:
    """All .docx files to PDF in one LibreOffice run, with a private profile directory so
    a LibreOffice already running for someone else is neither used nor disturbed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice (LibreOffice) is needed to print the seeds to PDF")
    profile = out / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out), *map(str, docx_files)],
        check=True, capture_output=True, timeout=300,
    )


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True)
    return proc.stdout.decode("utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (pdftotext): on a
    machine shared with other work, CPU time varies far less than wall time."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rate(files: list[Path], read: Callable[[Path], object], rounds: int
         ) -> tuple[float, float, float]:
    """(best wall, median wall, median CPU) documents per second over ``rounds`` passes."""
    wall, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), _cpu()
        for f in files:
            read(f)
        wall.append(time.perf_counter() - t0)
        cpu.append(_cpu() - c0)
    n = len(files)
    return n / min(wall), n / statistics.median(wall), n / max(1e-9, statistics.median(cpu))


def citations(path: Path) -> list[tuple[str, str, str]]:
    return [(c.role, c.number, c.symbol) for c in read_document(path).citations]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    seeds = sorted(SEEDS.glob("[0-9][0-9][0-9].txt"))
    if len(seeds) != 5:
        sys.exit(f"expected the five seeds in {SEEDS}, found {len(seeds)}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        docx_files = []
        for seed in seeds:
            path = tmp / f"{seed.stem}.docx"
            write_docx(seed.read_text(encoding="utf-8"), path)
            docx_files.append(path)
        print_pdfs(docx_files, tmp)
        pdf_files = [tmp / f"{p.stem}.pdf" for p in docx_files]
        missing = [p.name for p in pdf_files if not p.is_file()]
        if missing:
            sys.exit(f"LibreOffice did not print: {', '.join(missing)}")

        print(f"Python {platform.python_version()}, {platform.machine()}; "
              f"{len(seeds)} seeds, best and median of {args.rounds} rounds")
        print(f"{'format':6} {'reader':38} {'docs/s best':>12} {'median':>8} {'CPU':>8}")
        for fmt, files, base_name, base in (
            ("docx", docx_files, "python-docx paragraphs (baseline)", docx_text),
            ("pdf", pdf_files, "pdftotext plain text (baseline)", pdf_text),
        ):
            b_best, b_med, b_cpu = rate(files, base, args.rounds)
            r_best, r_med, r_cpu = rate(files, read_document, args.rounds)
            print(f"{fmt:6} {base_name:38} {b_best:12.1f} {b_med:8.1f} {b_cpu:8.1f}")
            print(f"{fmt:6} {'read_document (header + citations)':38} {r_best:12.1f} "
                  f"{r_med:8.1f} {r_cpu:8.1f}   {r_cpu / b_cpu:.2f}x the baseline (CPU)")
        print("citations read as in the .txt seed (role, number, symbol):")
        for seed, d, p in zip(seeds, docx_files, pdf_files, strict=True):
            want = citations(seed)
            got_d, got_p = citations(d), citations(p)
            print(f"  {seed.name}: {len(want)} in .txt; docx "
                  f"{'same' if got_d == want else f'differs ({len(got_d)})'}; pdf "
                  f"{'same' if got_p == want else f'differs ({len(got_p)})'}")


if __name__ == "__main__":
    main()
