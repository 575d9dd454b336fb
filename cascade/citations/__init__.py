"""Citations: find references to other documents and read a document's own header.

``parse_citations`` (pure), ``resolve_citations`` (issuer → org-chart body),
``read_document`` (.docx/.pdf/.txt → header fields + citations).
"""

from cascade.citations.models import Citation, DocumentHeader, ReadResult, Signature
from cascade.citations.parser import parse_citations

__all__ = ["Citation", "DocumentHeader", "ReadResult", "Signature", "parse_citations"]
