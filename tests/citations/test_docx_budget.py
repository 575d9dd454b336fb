"""A .docx is read within a budget: a zip bomb (a 2.9 MB file whose document.xml inflates
to 1 GB of small paragraphs) is refused in milliseconds, naming the limit, by a process
whose memory is capped at 1 GB; each limit refuses at its own threshold; real documents
read as before."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from cascade.citations.docx_budget import DocxBudget, OverBudget, check_docx
from cascade.citations.reader import ReadError, read_document

REPO = Path(__file__).resolve().parents[2]
KH01 = REPO / "examples" / "kh-01.docx"
PARAGRAPH = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"


def write_bomb(out: Path, size: int = 1_000_000_000) -> Path:
    """kh-01.docx with its body replaced by ``size`` bytes of one-letter paragraphs,
    streamed into the zip (never held whole)."""
    chunk = PARAGRAPH * 30_000
    with zipfile.ZipFile(KH01) as zin, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        doc = zin.read("word/document.xml")
        head = doc.split(b"<w:body>", 1)[0] + b"<w:body>"
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                zout.writestr(info, zin.read(info))
                continue
            with zout.open("word/document.xml", "w", force_zip64=True) as w:
                w.write(head)
                n = len(head)
                while n < size:
                    w.write(chunk)
                    n += len(chunk)
                w.write(b"</w:body></w:document>")
    return out


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx")


def test_bomb_is_small_on_disk_and_huge_inflated(bomb: Path) -> None:
    assert bomb.stat().st_size < 4_000_000
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("word/document.xml").file_size > 1_000_000_000


READ_UNDER_LIMIT = textwrap.dedent("""
    import resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GB of address space
    from cascade.citations.reader import ReadError, read_document
    start = time.perf_counter()
    try:
        read_document(sys.argv[1])
        print("read", time.perf_counter() - start)
    except ReadError as e:
        print("refused", time.perf_counter() - start, e)
""")


def read_capped(path: Path) -> tuple[str, float, str]:
    proc = subprocess.run([sys.executable, "-c", READ_UNDER_LIMIT, str(path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    what, took, *rest = proc.stdout.strip().split(" ", 2)
    return what, float(took), " ".join(rest)


def test_zip_bomb_refused_at_once_under_a_memory_cap(bomb: Path) -> None:
    assert read_capped(KH01)[0] == "read"  # the cap leaves room for a real document
    what, took, message = read_capped(bomb)
    assert what == "refused", message
    assert took < 1, took
    assert re.fullmatch(rf"{re.escape(str(bomb))}: tệp \.docx vượt giới hạn đọc: phần "
                        r"word/document\.xml giải nén ra 1000,\d MB, tối đa 50,0 MB một "
                        "phần", message), message


@pytest.mark.parametrize(("budget", "want"), [
    (DocxBudget(max_parts=3), "quá nhiều phần"),
    (DocxBudget(max_total=20_000), "giải nén quá lớn: hơn 0,0 MB tổng cộng"),
    (DocxBudget(max_part=5_000), "giải nén ra"),
    (DocxBudget(max_ratio=2, ratio_from=1_000), "nén quá 2 lần"),
    (DocxBudget(max_tags=100), "quá nhiều thẻ XML: hơn 100"),
])
def test_each_limit_refuses_past_its_threshold(budget: DocxBudget, want: str) -> None:
    check_docx(KH01)  # the real document is inside the default budget
    with pytest.raises(OverBudget, match=want):
        check_docx(KH01, budget)


def test_ratio_refuses_a_part_smaller_than_the_part_limit(tmp_path: Path) -> None:
    small = write_bomb(tmp_path / "small.docx", size=40_000_000)  # inside 50 MB a part
    start = time.perf_counter()
    with pytest.raises(ReadError, match="nén quá 100 lần"):
        read_document(small)
    assert time.perf_counter() - start < 1


def test_not_a_zip_is_told_by_the_reader(tmp_path: Path) -> None:
    p = tmp_path / "x.docx"
    p.write_bytes(b"not a zip")
    with pytest.raises(ReadError, match=r"không mở được tệp \.docx"):
        read_document(p)
