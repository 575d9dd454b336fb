"""Documents per second: plain docxtpl (load, render, save) vs the compiled renderer.

    python bench/bench_render.py [--plain N] [--fast N]

Both render the same realistic công văn (UBND tỉnh, ten numbered points, Kính gửi and
Nơi nhận lists) with the same prepared contexts, one per document (the number varies),
in one process; the figures and their ratio come from the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cascade.drafts.context import Draft, IssuerFacts, SignerFacts, build_context
from cascade.drafts.fast import CompiledTemplate
from cascade.drafts.paths import template_path
from cascade.drafts.render import render_plain
from cascade.layout.body import Point
from cascade.layout.profile import load_profile
from cascade.layout.rules import Copy

STAMP = dt.datetime(2025, 1, 15, tzinfo=dt.UTC)
POINT = ("Các cơ quan, đơn vị và người đứng đầu nâng cao hơn nữa vai trò, trách nhiệm trong "
         "công tác tiếp công dân, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh, xác định "
         "đây là một nhiệm vụ chính trị quan trọng, thường xuyên để tập trung lãnh đạo, chỉ "
         "đạo; bảo đảm các trường hợp khiếu nại, tố cáo được tiếp nhận, thụ lý, xử lý kịp thời, "
         "đúng thời hạn, thủ tục quy định.")


def draft(n: int) -> Draft:
    return Draft(
        profile=load_profile("nd30"), doc_type="cong_van",
        issuer=IssuerFacts(header_chain=["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"],
                           kind="peoples_committee", symbol="UBND", place="Lai Châu",
                           collective="Ủy ban nhân dân", head_title="Chủ tịch"),
        signer=SignerFacts(role="head", title="Chủ tịch", name="Lê Văn Lương"),
        summary="triển khai thực hiện Kết luận số 107-KL/TW, ngày 24/12/2024 của Bộ Chính trị",
        date=dt.date(2025, 1, 15), year=2025, number=n, unit="TH",
        recipients=["Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh",
                    "Chủ tịch UBND các huyện, thành phố"],
        copies=[Copy(text="TT. Tỉnh ủy", purpose="report"), Copy(text="TT. HĐND tỉnh"),
                Copy(text="Chủ tịch, các PCT UBND tỉnh"),
                Copy(text="Văn phòng UBND tỉnh: V, C, TD, CB")],
        body=["Thực hiện Công văn số 2269-CV/TU ngày 31/12/2024 của Tỉnh ủy Lai Châu; Ủy ban "
              "nhân dân tỉnh yêu cầu thực hiện tốt một số nhiệm vụ, giải pháp trọng tâm sau:",
              *[Point(point=f"{POINT} (nội dung {k})") for k in range(1, 11)]],
    )


def rate(fn, contexts) -> float:
    start = time.perf_counter()
    for ctx in contexts:
        fn(ctx)
    return len(contexts) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plain", type=int, default=60, help="documents for plain docxtpl")
    ap.add_argument("--fast", type=int, default=3000, help="documents for the compiled renderer")
    args = ap.parse_args()
    path = template_path("nd30", "cong_van")
    plain_ctx = [build_context(draft(n)) for n in range(1, args.plain + 1)]
    fast_ctx = [build_context(draft(n)) for n in range(1, args.fast + 1)]
    compiled = CompiledTemplate(path)
    compiled.render(fast_ctx[0], timestamp=STAMP)  # warm-up
    render_plain(path, plain_ctx[0], timestamp=STAMP)
    plain = rate(lambda c: render_plain(path, c, timestamp=STAMP), plain_ctx)
    fast = rate(lambda c: compiled.render(c, timestamp=STAMP), fast_ctx)
    size = len(compiled.render(fast_ctx[0], timestamp=STAMP))
    print(f"machine: {platform.machine()} python {platform.python_version()}, "
          f"công văn nd30 ({size} bytes)")
    print(f"plain docxtpl : {plain:8.1f} docs/s  ({args.plain} documents)")
    print(f"compiled      : {fast:8.1f} docs/s  ({args.fast} documents)")
    print(f"ratio         : {fast / plain:8.1f}x")


if __name__ == "__main__":
    main()
