"""The committed templates are exactly what the profiles generate, and are found."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import cascade
from cascade.drafts import paths
from cascade.layout.profile import DOC_TYPES, profile_names

ROOT = Path(__file__).resolve().parents[2]


def test_committed_templates_match_the_profiles():
    r = subprocess.run([sys.executable, str(ROOT / "templates" / "build_templates.py"),
                        "--check"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr


def test_templates_are_real_docx_with_header_table_and_page_field():
    for profile in profile_names():
        for doc_type in DOC_TYPES:
            data = paths.template_path(profile, doc_type).read_bytes()
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                doc = z.read("word/document.xml").decode()
                headers = "".join(z.read(n).decode() for n in z.namelist()
                                  if n.startswith("word/header"))
            assert doc.startswith("<?xml") and "<w:tbl>" in doc and "<w:titlePg/>" in doc
            assert 'w:val="nil"' in doc  # borderless tables
            assert "<w:pBdr>" in doc  # rules are drawn borders, not underlined characters
            assert "PAGE" in headers
            assert "Times New Roman" in doc


def test_templates_dir_prefers_bundled_then_repo(tmp_path, monkeypatch):
    assert paths.templates_dir() == ROOT / "templates"
    fake = tmp_path / "cascade"
    (fake / "_bundled_templates").mkdir(parents=True)
    monkeypatch.setattr(cascade, "__file__", str(fake / "__init__.py"))
    assert paths.templates_dir() == fake / "_bundled_templates"
