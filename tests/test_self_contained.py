"""The repository stands alone: nothing tracked points outside it, and every reference
to the project's domain documents (``docs/``) leads to a section that exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = ("format-rules.md", "political-system.md")
# "format-rules.md §15", "docs/political-system.md §3", "format-rules §15", "§3–§10"
REF = re.compile(r"(format-rules|political-system)(?:\.md)?,?\s*(?:section\s+|§)(\d+)")


def tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                         check=True).stdout.decode().split("\0")
    return [REPO / f for f in out if f and (REPO / f).is_file()]


def texts() -> list[tuple[Path, str]]:
    out = []
    for f in tracked():
        data = f.read_bytes()
        if b"\0" in data[:4096]:  # .docx, .pdf, .png: binary
            continue
        out.append((f, data.decode("utf-8", errors="replace")))
    return out


def test_no_tracked_file_refers_outside_the_repository():
    outside = re.compile(r"\.\./shared|/work/shared|(?<![\w/.])shared/(seeds|docs)/")
    bad = [f"{f.relative_to(REPO)}:{n}" for f, text in texts()
           for n, line in enumerate(text.splitlines(), 1)
           if outside.search(line) and f != Path(__file__).resolve()]
    assert not bad, f"files referring to a folder beside the repository: {bad}"


def test_the_domain_documents_are_in_the_repository():
    for name in DOCS:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        assert len(text) > 5000 and "Source" in text, name


def test_every_reference_to_docs_names_an_existing_section():
    sections = {name.removesuffix(".md"): set(re.findall(
        r"^## (\d+)\.", (REPO / "docs" / name).read_text(encoding="utf-8"), re.M))
        for name in DOCS}
    refs = [(f, m.group(1), m.group(2)) for f, text in texts() if f.parent != REPO / "docs"
            for m in REF.finditer(text)]
    assert len(refs) > 15  # code, data and tests do cite them
    missing = [f"{f.relative_to(REPO)}: {doc} §{n}" for f, doc, n in refs
               if n not in sections[doc]]
    assert not missing, missing


def test_seed_readme_points_at_files_that_exist():
    readme = (REPO / "tests" / "fixtures" / "seeds" / "README.md").read_text(encoding="utf-8")
    for path in re.findall(r"`(docs/[\w./-]+)`", readme):
        assert (REPO / path).is_file(), path
    for n in range(5):
        assert (REPO / "tests" / "fixtures" / "seeds" / f"{n:03d}.txt").is_file()
