"""Generate the advance-width table the header line breaker measures text with.

    python templates/build_widths.py           # (re)write cascade/layout/data/serif_widths.json
    python templates/build_widths.py --check   # exit 1 if the committed table is stale

Liberation Serif is metric-compatible with Times New Roman (the font every profile
prescribes), so its advance widths are the widths Word and LibreOffice lay a header out
with. Only base characters are stored: a precomposed Vietnamese letter (Ả, Ủ, Ộ, Ư…) has
the advance of its base letter, and the breaker measures it by that letter. fontTools
is needed here only, at build time; the table is committed as data so the runtime never
imports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cascade" / "layout" / "data" / "serif_widths.json"
FONT_DIRS = sorted(Path("/usr/share/fonts/truetype").glob("liberation*"))
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic",
          "bold_italic": "BoldItalic"}
# Printable ASCII, the Vietnamese letters that have no decomposition (Đ đ), and the
# punctuation that appears in names, places and dates.
CHARS = "".join(chr(c) for c in range(0x20, 0x7F)) + "Đđ\u00a0–—‘’“”…·"


def font_path(style: str) -> Path:
    for d in FONT_DIRS:
        p = d / f"LiberationSerif-{style}.ttf"
        if p.is_file():
            return p
    raise SystemExit(f"LiberationSerif-{style}.ttf not found under /usr/share/fonts/truetype")


def build() -> str:
    from fontTools.ttLib import TTFont  # build-time only

    styles: dict[str, dict[str, int]] = {}
    upm = None
    for key, style in STYLES.items():
        font = TTFont(str(font_path(style)))
        upm = upm or font["head"].unitsPerEm
        if font["head"].unitsPerEm != upm:
            raise SystemExit("styles disagree on units per em")
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        styles[key] = {ch: hmtx[cmap[ord(ch)]][0] for ch in CHARS if ord(ch) in cmap}
    data = {"font": "Liberation Serif (metric-compatible with Times New Roman)",
            "units_per_em": upm, "styles": styles}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the table is stale")
    args = ap.parse_args(argv)
    text = build()
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"stale: {OUT} (run python templates/build_widths.py)", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
