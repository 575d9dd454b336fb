"""What a .docx may hold before it is opened: its parts' decompressed sizes, their
compression ratio and their tags, checked from the zip's directory and one streamed
pass, so a zip bomb is refused in milliseconds with the memory it costs unchanged.

python-docx reads every part of the package whole and parses the XML into a tree: a
2.9 MB upload whose document.xml inflates to 1 GB of small paragraphs took a server to
7.8 GB. ``zipfile`` never inflates a member past the size the directory states (a part
that lies about it fails its CRC), so the stated sizes are a bound that holds.

The limits leave a long real document far inside them: the largest seed's document.xml
is under 1 MB and 30,000 tags; a signed scan's images are stored, not compressed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from orgchart.safe_yaml import vn_number


@dataclass(frozen=True)
class DocxBudget:
    max_parts: int = 2_000
    max_total: int = 200_000_000  # bytes, every part decompressed
    max_part: int = 50_000_000  # bytes, any one part decompressed
    max_ratio: int = 100  # decompressed / compressed, for a part of more than ratio_from
    ratio_from: int = 1_000_000
    max_tags: int = 2_000_000  # '<' in any one XML part: start, end and empty tags


DOCX = DocxBudget()
_CHUNK = 1 << 20


class OverBudget(ValueError):
    """A .docx past one of its limits; the message names the limit, in Vietnamese."""


def check_docx(path: Path, budget: DocxBudget = DOCX) -> None:
    """Raise ``OverBudget`` when the package at ``path`` is past ``budget``; a file that
    is not a zip at all is left to the reader, which says so."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > budget.max_parts:
            raise OverBudget(f"quá nhiều phần: {vn_number(len(infos))}, tối đa "
                             f"{vn_number(budget.max_parts)}")
        total = 0
        for info in infos:
            _check_part(info, budget)
            total += info.file_size
            if total > budget.max_total:
                raise OverBudget(f"giải nén quá lớn: hơn {_mb(budget.max_total)} tổng cộng")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _count_tags(zf, info, budget)


def _check_part(info: zipfile.ZipInfo, budget: DocxBudget) -> None:
    name, size = info.filename, info.file_size
    if size > budget.max_part:
        raise OverBudget(f"phần {name} giải nén ra {_mb(size)}, tối đa {_mb(budget.max_part)} "
                         "một phần")
    if size > budget.ratio_from and size > budget.max_ratio * max(info.compress_size, 1):
        raise OverBudget(f"phần {name} nén quá {budget.max_ratio} lần "
                         f"({_mb(info.compress_size)} giải nén ra {_mb(size)}): tệp nén bất "
                         "thường (zip bomb)")


def _count_tags(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: DocxBudget) -> None:
    """Stream the part, counting '<': a bound on its elements that costs no parse."""
    tags = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(_CHUNK):
                tags += chunk.count(b"<")
                if tags > budget.max_tags:
                    raise OverBudget(f"phần {info.filename} có quá nhiều thẻ XML: hơn "
                                     f"{vn_number(budget.max_tags)}")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        return  # a damaged or encrypted part: the reader says it cannot open the file


def _mb(n: int) -> str:
    """Bytes in MB as a Vietnamese reader writes them: 1073,7 MB."""
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")
