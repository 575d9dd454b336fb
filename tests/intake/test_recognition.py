"""The recognition figures of the closing note, held: every task of the six test
directives is found in its .docx, no task is read that the paper does not have, and at
least 68 of the 69 leads are right (the one that escapes: subjects after a semicolon that
are Party cells of other bodies, "Đảng ủy Hội đồng nhân dân thành phố; các chi ủy, đảng
ủy cơ quan Mặt trận Tổ quốc Việt Nam và …", of which only the first is read;
``python -m tests.intake.recognition`` prints them)."""

from __future__ import annotations

import pytest

from cascade.citations.reader import read_document
from cascade.intake.read import read_directive
from tests.intake import documents
from tests.intake.recognition import TRUTH, score, table


@pytest.fixture(scope="module")
def scores(tmp_path_factory, chart):
    folder = tmp_path_factory.mktemp("recognition")
    return [score(n, read_directive(read_document(documents.build(n, folder), chart=chart),
                                    chart)) for n in documents.NAMES]


def test_every_task_is_found_and_none_invented(scores) -> None:
    assert set(TRUTH) == set(documents.NAMES)
    for s in scores:
        assert s.found == s.present and not s.extra, (s.name, s.missed, s.extra)


def test_leads_right(scores) -> None:
    right = sum(s.leads_right for s in scores)
    assert right >= 68, table(scores)
    # where a kind is read, it is one the paper names: an escape is a subject dropped
    for s in scores:
        for number, want, got in s.wrong:
            assert set(got) <= set(want) or not got, (s.name, number, want, got)
