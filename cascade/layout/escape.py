"""Make user text safe inside WordprocessingML ``<w:t>`` elements.

Whatever a clerk types (``&``, ``<``, quotes, pasted control characters, tabs, line
breaks) must come out as text, never as markup that breaks the .docx. Line breaks and
tabs become ``<w:br/>`` and ``<w:tab/>`` inside the same run.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup, escape

# Characters XML 1.0 forbids, plus C1 controls, surrogates and noncharacters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def clean_text(text: str) -> str:
    """NFC text without forbidden characters; CR and CRLF become LF."""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def xml_text(text: str) -> Markup:
    """Escaped run text: safe to place between ``<w:t xml:space="preserve">`` tags."""
    if isinstance(text, Markup):
        return text
    out = str(escape(clean_text(text)))
    return Markup(out.replace("\n", BREAK).replace("\t", TAB))


def escape_tree(value: Any) -> Any:
    """Escape every string in a context tree (dicts, lists, tuples); other values pass."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {k: escape_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_tree(v) for v in value]
    return value
