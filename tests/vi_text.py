"""What "a Vietnamese message" means to the tests: Vietnamese letters, no English words.

Shared by the API's tests (the runtime check over every problem a test provokes, and the
scan of api/ source); identifiers of the API (field names, status values, media types)
may appear inside a Vietnamese sentence, English grammar words may not.
"""

from __future__ import annotations

import re

VI_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)
# English grammar and the words the old messages used; none is a Vietnamese word
ENGLISH = re.compile(
    r"\b(?:the|is|are|was|were|must|not|no|of|and|or|for|with|has|have|cannot|"
    r"already|only|does|should|this|that|from|unknown|missing|required|invalid|"
    r"malformed|revoked|header|such|field|input|value|error|retry|key|body|bodies|"
    r"number|task|plan|allocation|string|characters?|empty|at most|at least)\b",
    re.IGNORECASE)
FIELD_PREFIX = re.compile(r"^[\w.\-]+: ")


def message_part(text: str) -> str:
    """The message after "<field>: " (the field is an English identifier of the API)."""
    return FIELD_PREFIX.sub("", text, count=1)


def is_vietnamese(text: str) -> bool:
    """At least one Vietnamese letter in the message part."""
    return bool(VI_LETTERS.search(message_part(text)))
