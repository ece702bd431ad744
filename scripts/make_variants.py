#!/usr/bin/env python3
"""Generate layout variants of the founding sample for parser tests.

Re-run with:

    python3 scripts/make_variants.py

Reads   tests/fixtures/samples/000.txt   (never modified) and writes the SAME
disclosure, laid out differently, into tests/fixtures/variants/:

  000-layout.txt
      The whole document as if copied from a PDF viewer / `pdftotext -layout`:
      markdown markers (#, **, "- ", trailing double spaces) removed; narrative
      paragraphs wrapped at ~38 CJK characters (display width 76, so figures can
      end up split from their unit across a line break); the nine 公开 tables
      re-typeset on a fixed character grid where every character (CJK or ASCII)
      is ONE column: text cells left-aligned, amounts right-aligned at their
      column's right edge, >= 2 spaces between columns, header cells wrapped
      inside words and stacked within their column, group labels of two-level
      headers centred over their sub-columns, 栏次 row aligned under the
      columns, side-by-side blocks (01/04 收入|支出, 06 three economic blocks)
      kept on one line.  Page breaks (blank line, centred "- N -", running
      head) every ~50 narrative lines, before every table, in the middle of
      公开01表 (continuation WITHOUT header) and 公开06表 (header repeated).
      公开04表 keeps the repeated header block of the source (no page number).
      One centred-wrap row label in 03 (政府办公厅（室）及 / code+amounts /
      相关机构事务).  The 绩效自评表 tables are laid out on a grid too, long
      cells wrapped inside their (merged) column span.
  000-yuan.txt
      000.txt with the nine tables in 元: their 单位：万元 -> 单位：元 and every
      amount cell x10000 with thousands separators and 2 decimals
      (105.8 -> 1,058,000.00).  Blank cells, 栏次/行次 numbers, narrative and
      绩效自评表 unchanged.
  000-crlf-bom.txt
      000.txt with a UTF-8 BOM, CRLF line endings and full-width digits/'.' in
      the amount cells of the nine tables (105.8 -> １０５．８, 0 -> ０).
  000-markdown.txt
      000.txt with every TAB-separated block rendered as a markdown pipe table
      (`| a | b |`, `|---|---|` after the first row of each block).
  000-table05.tsv
      Only 公开05表 as pasted from Excel: its header rows, 栏次 row and data rows,
      TAB-separated, CRLF line endings, no title / unit / note.
  000-table02-layout.txt
      Only 公开02表 (title, 公开 02 表, 单位 line, 部门 line, grid, note) in the
      layout style of 000-layout.txt.

Column widths of the layout grid are fixed per table in TABLE_SPECS below.
The script is deterministic and idempotent (stdlib only, no timestamps) and
asserts a few round-trip properties (every cell of the source appears in the
layout, nothing overwrites anything on the grid) before writing.
"""

import os
import re
import unicodedata
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "tests", "fixtures", "samples", "000.txt")
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "variants")

RUNNING_HEAD = "株洲市石峰区优化营商环境协调事务中心2022年度部门决算"
NARRATIVE_DISPLAY_WIDTH = 76   # ~38 CJK characters
NARRATIVE_GRID_WIDTH = 45      # for centring page numbers on narrative pages
LINES_PER_PAGE = 50
NOTE_WRAP = 60                 # characters per line for 注： lines under tables

SRC_FINAL_NEWLINE = True
NUM_RE = re.compile(r"\d+(?:\.\d+)?")

# --------------------------------------------------------------------------
# Source model
# --------------------------------------------------------------------------


def read_source():
    with open(SRC, encoding="utf-8", newline="") as f:
        text = f.read()
    assert "\r" not in text
    lines = text.split("\n")
    # 000.txt has no final newline; the "identical" variants keep it that way
    global SRC_FINAL_NEWLINE
    SRC_FINAL_NEWLINE = lines[-1] == ""
    if SRC_FINAL_NEWLINE:
        lines.pop()
    return lines


def tab_runs(lines, lo=0, hi=None):
    """Maximal runs of consecutive lines containing a TAB: [(start, end_excl)]."""
    hi = len(lines) if hi is None else hi
    runs, i = [], lo
    while i < hi:
        if "\t" in lines[i]:
            j = i
            while j < hi and "\t" in lines[j]:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


class Table:
    """One of the nine 公开 tables as found in the source."""

    def __init__(self, lines, num_idx):
        self.num = int(re.match(r"公开 (\d\d) 表", lines[num_idx]).group(1))
        self.num_idx = num_idx
        t = num_idx - 1
        while not lines[t].strip():
            t -= 1
        self.title_idx = t
        u = num_idx + 1
        while not lines[u].startswith("单位："):
            u += 1
        self.unit_idx = u
        d = u + 1
        while not lines[d].startswith("部门："):
            d += 1
        self.dept_idx = d
        n = d + 1
        while not lines[n].startswith("注："):
            n += 1
        self.note_idx = n
        e = n
        while e < len(lines) and lines[e].strip():
            e += 1
        self.end = e  # exclusive: first blank line after the note
        self.runs = tab_runs(lines, d + 1, n)
        assert self.runs


def find_tables(lines):
    tables = [Table(lines, i) for i, l in enumerate(lines) if re.match(r"公开 0\d 表", l)]
    assert [t.num for t in tables] == list(range(1, 10)), [t.num for t in tables]
    return tables


def cells_of(line):
    return line.split("\t")


def is_colnum_row(cells):
    vals = [c.strip() for c in cells if c.strip() and c.strip() != "栏次"]
    return bool(vals) and vals == [str(k) for k in range(1, len(vals) + 1)]


# Columns of each table that hold amounts (0-based).  行次 / code columns are
# excluded on purpose.
AMOUNT_COLS = {
    1: {2, 5},
    2: set(range(2, 9)),
    3: set(range(2, 8)),
    4: {2, 5, 6, 7, 8},
    5: {2, 3, 4},
    6: {2, 5, 8},
    7: set(range(12)),
    8: set(range(2, 8)),
    9: {2, 3, 4},
}


def map_amount_cells(lines, tables, fn):
    """Return a copy of lines where fn() is applied to every amount cell of the
    nine tables (header rows and column-number rows are left alone)."""
    out = list(lines)
    for t in tables:
        cols = AMOUNT_COLS[t.num]
        for (a, b) in t.runs:
            for i in range(a, b):
                cells = cells_of(out[i])
                if is_colnum_row(cells):
                    continue
                changed = False
                for k, c in enumerate(cells):
                    if k in cols and NUM_RE.fullmatch(c.strip()):
                        cells[k] = fn(c.strip())
                        changed = True
                if changed:
                    out[i] = "\t".join(cells)
    return out


# --------------------------------------------------------------------------
# Simple variants
# --------------------------------------------------------------------------


def to_yuan(s):
    v = Decimal(s) * 10000
    return "{:,.2f}".format(v)


FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def make_yuan(lines, tables):
    out = map_amount_cells(lines, tables, to_yuan)
    for t in tables:
        assert "单位：万元" in out[t.unit_idx]
        out[t.unit_idx] = out[t.unit_idx].replace("单位：万元", "单位：元")
    return out


def make_fullwidth(lines, tables):
    return map_amount_cells(lines, tables, lambda s: s.translate(FULLWIDTH))


def make_markdown(lines):
    out = list(lines)
    for (a, b) in tab_runs(lines):
        rows = [cells_of(l) for l in lines[a:b]]
        n = max(len(r) for r in rows)
        md = []
        for k, r in enumerate(rows):
            r = r + [""] * (n - len(r))
            assert not any("|" in c for c in r)
            md.append("| " + " | ".join(r) + " |")
            if k == 0:
                md.append("|" + "|".join(["---"] * n) + "|")
        out[a:b] = [None] * (b - a)
        out[a] = md
    res = []
    for x in out:
        if x is None:
            continue
        if isinstance(x, list):
            res.extend(x)
        else:
            res.append(x)
    return res


def make_table05_tsv(lines, tables):
    t = tables[4]
    assert t.num == 5 and len(t.runs) == 1
    a, b = t.runs[0]
    return lines[a:b]


# --------------------------------------------------------------------------
# Layout machinery: a character grid where every character is one column
# --------------------------------------------------------------------------


def put(buf, x, s):
    """Write s into the char list buf at column x; refuse to overwrite text."""
    if len(buf) < x + len(s):
        buf.extend(" " * (x + len(s) - len(buf)))
    for k, ch in enumerate(s):
        assert buf[x + k] == " ", "grid collision at column %d writing %r into %r" % (
            x + k, s, "".join(buf))
        buf[x + k] = ch


def line_of(buf):
    return "".join(buf).rstrip()


class Grid:
    def __init__(self, widths, gap=2, margin=0):
        self.widths = widths
        gaps = gap if isinstance(gap, list) else [gap] * (len(widths) - 1)
        assert min(gaps) >= 2
        self.x = [margin]
        for w, g in zip(widths[:-1], gaps):
            self.x.append(self.x[-1] + w + g)
        self.width = self.x[-1] + widths[-1]

    def span(self, c0, c1):
        return self.x[c0], self.x[c1] + self.widths[c1]


def chunk(text, w):
    """Split text into pieces of at most w characters, breaking inside words
    as a PDF does for a fixed-width cell (but not inside an ASCII number or
    word when that can be avoided)."""
    if len(text) <= w:
        return [text]
    if " " in text and not re.search(r"\d", text):
        text = text.replace(" ", "")
    asc = lambda ch: ch.isascii() and (ch.isalnum() or ch == ".")
    parts, i = [], 0
    while i < len(text):
        j = min(i + w, len(text))
        if j < len(text) and asc(text[j - 1]) and asc(text[j]):
            k = j - 1
            while k > i and asc(text[k - 1]):
                k -= 1
            if k > i:
                j = k
        parts.append(text[i:j].strip())
        i = j
    return [p for p in parts if p]


def centred(text, a, b):
    return a + max(0, (b - a - len(text)) // 2)


def render_header(grid, rows):
    """rows: list of header levels, each a list of (c0, c1, text, rowspan).
    Returns the header lines: every cell is wrapped to its span, stacked
    vertically and centred in its band."""
    nlev = len(rows)
    cells = []
    for r, row in enumerate(rows):
        for (c0, c1, text, rs) in row:
            a, b = grid.span(c0, c1)
            frags = [text] if len(text) <= b - a else chunk(text, b - a)
            cells.append((r, rs, a, b, frags))
    h = [1] * nlev
    for (r, rs, a, b, frags) in cells:
        if rs == 1:
            h[r] = max(h[r], len(frags))
    for (r, rs, a, b, frags) in cells:
        if rs > 1:
            tot = sum(h[r:r + rs])
            if len(frags) > tot:
                h[r + rs - 1] += len(frags) - tot
    start = [sum(h[:r]) for r in range(nlev)]
    bufs = [[] for _ in range(sum(h))]
    for (r, rs, a, b, frags) in cells:
        band = sum(h[r:r + rs])
        top = start[r] + (band - len(frags)) // 2
        for k, f in enumerate(frags):
            put(bufs[top + k], centred(f, a, b), f)
    return [line_of(b) for b in bufs]


def render_colnum(grid, items):
    buf = []
    for (c, text) in items:
        a, b = grid.span(c, c)
        if text == "栏次":
            put(buf, centred(text, a, b), text)
        else:
            put(buf, b - len(text), text)  # under the amounts' right edge
    return line_of(buf)


def render_data_row(grid, kinds, cells, special_wraps):
    """One source row -> list of output lines (main line, plus the fragments
    of a centred-wrap label above and below it)."""
    above, main, below = [], [], []
    n = len(grid.widths)
    for k in range(n):
        c = cells[k].strip() if k < len(cells) else ""
        if not c:
            continue
        a, b = grid.span(k, k)
        if c in special_wraps:
            f = special_wraps[c]
            assert "".join(f) == c and all(len(p) <= b - a for p in f)
            put(above, a, f[0])
            put(below, a, f[1])
            continue
        kind = kinds[k]
        if kind == "num":
            assert len(c) <= b - a, (c, b - a)
            put(main, b - len(c), c)
        elif kind == "ord":
            put(main, centred(c, a, b), c)
        else:
            if len(c) > b - a:
                # allowed only when the following cells are empty (merged cell)
                j = k
                while j + 1 < n and not (cells[j + 1].strip() if j + 1 < len(cells) else ""):
                    j += 1
                assert len(c) <= grid.span(k, j)[1] - a, (c, b - a)
            put(main, a, c)
    out = []
    if above:
        out.append(line_of(above))
    out.append(line_of(main))
    if below:
        out.append(line_of(below))
    return out


# --------------------------------------------------------------------------
# Table specifications for the layout variant
#   widths     : grid column widths (characters)
#   kinds      : text | code | num | ord (行次, centred)
#   header     : header levels [(c0, c1, text, rowspan), ...]
#   colnum     : 栏次 row items [(col, text)] or None
#   src_hdr    : number of header rows (incl. 栏次 row) in the first TSV run
#   rep_hdr    : number of header rows in later TSV runs
#   breaks     : how later runs continue: "page" (page break, header not
#                repeated), "page+header", "header" (blank line + header)
# --------------------------------------------------------------------------

T = "text"
C = "code"
N = "num"
O = "ord"

TABLE_SPECS = {
    1: dict(
        widths=[16, 4, 8, 16, 4, 8], gap=[2, 2, 4, 2, 2],
        kinds=[T, O, N, T, O, N],
        header=[
            [(0, 2, "收入", 1), (3, 5, "支出", 1)],
            [(0, 0, "项 目", 1), (1, 1, "行次", 1), (2, 2, "决算数", 1),
             (3, 3, "项目", 1), (4, 4, "行次", 1), (5, 5, "决算数", 1)],
        ],
        colnum=[(0, "栏次"), (2, "1"), (3, "栏次"), (5, "2")],
        src_hdr=3, rep_hdr=2, breaks="page"),
    2: dict(
        widths=[7, 16, 7, 7, 7, 7, 7, 7, 7], gap=2,
        kinds=[C, T, N, N, N, N, N, N, N],
        header=[
            [(0, 1, "项目", 1), (2, 2, "本年收入合计", 2), (3, 3, "财政拨款收入", 2),
             (4, 4, "上级补助收入", 2), (5, 5, "事业收入", 2), (6, 6, "经营收入", 2),
             (7, 7, "附属单位上缴收入", 2), (8, 8, "其他收入", 2)],
            [(0, 0, "功能分类科目编码", 1), (1, 1, "科目名称", 1)],
        ],
        colnum=[(0, "栏次")] + [(k, str(k - 1)) for k in range(2, 9)],
        src_hdr=3, rep_hdr=0, breaks=None),
    3: dict(
        widths=[7, 10, 6, 6, 6, 6, 6, 6], gap=3,
        kinds=[C, T, N, N, N, N, N, N],
        header=[
            [(0, 1, "项 目", 1), (2, 2, "本年支出合计", 2), (3, 3, "基本支出", 2),
             (4, 4, "项目支出", 2), (5, 5, "上缴上级支出", 2), (6, 6, "经营支出", 2),
             (7, 7, "对附属单位补助支出", 2)],
            [(0, 0, "功能分类科目编码", 1), (1, 1, "科目名称", 1)],
        ],
        colnum=[(0, "栏次")] + [(k, str(k - 1)) for k in range(2, 8)],
        src_hdr=3, rep_hdr=0, breaks=None,
        special_wraps={"政府办公厅（室）及相关机构事务": ["政府办公厅（室）及", "相关机构事务"]}),
    4: dict(
        widths=[14, 4, 6, 15, 4, 6, 5, 5, 5], gap=[2, 2, 3, 2, 2, 2, 2, 2],
        kinds=[T, O, N, T, O, N, N, N, N],
        header=[
            [(0, 2, "收入", 1), (3, 8, "支出", 1)],
            [(0, 0, "项 目", 1), (1, 1, "行次", 1), (2, 2, "金额", 1),
             (3, 3, "项 目", 1), (4, 4, "行次", 1), (5, 5, "合计", 1),
             (6, 6, "一般公共预算财政拨款", 1), (7, 7, "政府性基金预算财政拨款", 1),
             (8, 8, "国有资本经营预算财政拨款", 1)],
        ],
        colnum=[(0, "栏次"), (2, "1"), (3, "栏次"), (5, "2"), (6, "3"), (7, "4"), (8, "5")],
        src_hdr=3, rep_hdr=2, breaks="header"),
    5: dict(
        widths=[7, 16, 8, 8, 8], gap=3,
        kinds=[C, T, N, N, N],
        header=[
            [(0, 1, "项目", 1), (2, 4, "本年支出", 1)],
            [(0, 0, "功能分类科目编码", 1), (1, 1, "科目名称", 1), (2, 2, "小计", 1),
             (3, 3, "基本支出", 1), (4, 4, "项目支出", 1)],
        ],
        colnum=[(0, "栏次"), (2, "1"), (3, "2"), (4, "3")],
        src_hdr=3, rep_hdr=0, breaks=None),
    6: dict(
        widths=[6, 14, 6, 6, 9, 6, 6, 18, 6], gap=2,
        kinds=[C, T, N, C, T, N, C, T, N],
        header=[[
            (0, 0, "经济分类科目编码", 1), (1, 1, "科目名称", 1), (2, 2, "决算数", 1),
            (3, 3, "经济分类科目编码", 1), (4, 4, "科目名称", 1), (5, 5, "决算数", 1),
            (6, 6, "经济分类科目编码", 1), (7, 7, "科目名称", 1), (8, 8, "决算数", 1)]],
        colnum=None,
        src_hdr=1, rep_hdr=1, breaks="page+header"),
    7: dict(
        widths=[5] * 12, gap=2,
        kinds=[N] * 12,
        header=[
            [(0, 5, "预算数", 1), (6, 11, "决算数", 1)],
            [(0, 0, "合计", 2), (1, 1, "因公出国(境)费", 2), (2, 4, "公务用车购置及运行费", 1),
             (5, 5, "公务接待费", 2),
             (6, 6, "合计", 2), (7, 7, "因公出国(境)费", 2), (8, 10, "公务用车购置及运行费", 1),
             (11, 11, "公务接待费", 2)],
            [(2, 2, "小计", 1), (3, 3, "公务用车购置费", 1), (4, 4, "公务用车运行费", 1),
             (8, 8, "小计", 1), (9, 9, "公务用车购置费", 1), (10, 10, "公务用车运行费", 1)],
        ],
        colnum=[(k, str(k + 1)) for k in range(12)],
        src_hdr=4, rep_hdr=0, breaks=None),
    8: dict(
        widths=[7, 10, 6, 6, 6, 6, 6, 6], gap=3,
        kinds=[C, T, N, N, N, N, N, N],
        header=[
            [(0, 1, "项目", 1), (2, 2, "年初结转和结余", 2), (3, 3, "本年收入", 2),
             (4, 6, "本年支出", 1), (7, 7, "年末结转和结余", 2)],
            [(0, 0, "功能分类科目编码", 1), (1, 1, "科目名称", 1), (4, 4, "小计", 1),
             (5, 5, "基本支出", 1), (6, 6, "项目支出", 1)],
        ],
        colnum=[(0, "栏次")] + [(k, str(k - 1)) for k in range(2, 8)],
        src_hdr=3, rep_hdr=0, breaks=None),
    9: dict(
        widths=[7, 10, 6, 6, 6], gap=3,
        kinds=[C, T, N, N, N],
        header=[
            [(0, 1, "项 目", 1), (2, 4, "本年支出", 1)],
            [(0, 0, "功能分类科目编码", 1), (1, 1, "科目名称", 1), (2, 2, "合计", 1),
             (3, 3, "基本支出", 1), (4, 4, "项目支出", 1)],
        ],
        colnum=[(0, "栏次"), (2, "1"), (3, "2"), (4, "3")],
        src_hdr=3, rep_hdr=0, breaks=None),
}


def nospace(s):
    return re.sub(r"\s+", "", s)


def check_header_spec(t, spec, rows, nhdr, with_colnum):
    """Every header word of the source must be in the spec (and vice versa)."""
    src_words, src_colnum = [], None
    for cells in rows[:nhdr]:
        if is_colnum_row(cells):
            src_colnum = [c.strip() for c in cells if c.strip()]
        else:
            src_words += [nospace(c) for c in cells if c.strip()]
    spec_words = [nospace(c[2]) for lev in spec["header"] for c in lev]
    assert sorted(src_words) == sorted(spec_words), (t.num, src_words, spec_words)
    if with_colnum:
        assert src_colnum == [x[1] for x in spec["colnum"]], (t.num, src_colnum)
    else:
        assert src_colnum is None


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


class Pager:
    def __init__(self, paginate=True):
        self.out = []
        self.page = 0
        self.since = 0
        self.paginate = paginate
        self.width = NARRATIVE_GRID_WIDTH

    def emit(self, line):
        line = line.rstrip()
        if not line and self.out and not self.out[-1]:
            return  # collapse blank lines
        self.out.append(line)
        self.since += 1

    def brk(self):
        if not self.paginate:
            return
        while self.out and not self.out[-1]:
            self.out.pop()
        self.page += 1
        s = "- %d -" % self.page
        self.out.append("")
        self.out.append(" " * max(0, (self.width - len(s)) // 2) + s)
        self.out.append(RUNNING_HEAD)
        self.since = 0

    def maybe_brk(self):
        if self.since >= LINES_PER_PAGE:
            self.brk()

    def force_brk(self):
        if self.since > 2:
            self.brk()


# --------------------------------------------------------------------------
# Narrative
# --------------------------------------------------------------------------


def dwidth(ch):
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


ASCII_RUN = re.compile(r"[0-9A-Za-z.,%＋+\-]")


CLOSING_PUNCT = set("，。、；：？！）》”’」』％%…")
OPENING_PUNCT = set("（《“‘「『")


def wrap_display(text, limit, first_indent=""):
    """Wrap like a word processor: CJK may break anywhere, ASCII runs
    (numbers, words) are kept together, closing punctuation hangs at the end
    of a line and opening punctuation moves to the next one.
    Widths: CJK 2, ASCII 1."""
    lines, cur, w = [], first_indent, sum(dwidth(c) for c in first_indent)
    i = 0
    while i < len(text):
        if ASCII_RUN.match(text[i]):
            j = i
            while j < len(text) and ASCII_RUN.match(text[j]):
                j += 1
            tok = text[i:j]
        else:
            tok = text[i]
            j = i + 1
        tw = sum(dwidth(c) for c in tok)
        if w + tw > limit and cur.strip():
            if tok[0] in CLOSING_PUNCT:
                while j < len(text) and text[j] in CLOSING_PUNCT:
                    j += 1
                lines.append(cur + text[i:j])
                cur, w = "", 0
                i = j
                continue
            carry = ""
            if cur[-1] in OPENING_PUNCT and len(cur.strip()) > 1:
                carry, cur = cur[-1], cur[:-1]
            lines.append(cur)
            cur, w = carry, sum(dwidth(c) for c in carry)
            if tok == " ":
                i = j
                continue
        cur += tok
        w += tw
        i = j
    if cur.strip():
        lines.append(cur)
    return lines


def strip_md(line):
    s = line.rstrip()
    s = re.sub(r"^#+\s*", "", s)
    s = s.replace("**", "")
    s = re.sub(r"^- ", "", s)
    return s.strip()


def centre_line(text, width=NARRATIVE_GRID_WIDTH):
    return " " * max(0, (width - len(text)) // 2) + text


# --------------------------------------------------------------------------
# Table rendering
# --------------------------------------------------------------------------


def render_nine_table(t, lines, pager):
    spec = TABLE_SPECS[t.num]
    grid = Grid(spec["widths"], spec["gap"])
    kinds = spec["kinds"]
    wraps = spec.get("special_wraps", {})
    pager.width = grid.width

    title = strip_md(lines[t.title_idx])
    pager.emit(centre_line(title, grid.width))
    pager.emit(lines[t.num_idx].strip())
    unit = lines[t.unit_idx].strip()
    pager.emit(" " * (grid.width - len(unit)) + unit)
    pager.emit(lines[t.dept_idx].strip())

    full_header = render_header(grid, spec["header"])
    colnum = render_colnum(grid, spec["colnum"]) if spec["colnum"] else None

    rendered_cells = []  # (cells, output lines) for checking
    for r, (a, b) in enumerate(t.runs):
        rows = [cells_of(l) for l in lines[a:b]]
        if r == 0:
            nh = spec["src_hdr"]
            check_header_spec(t, spec, rows, nh, spec["colnum"] is not None)
            for l in full_header:
                pager.emit(l)
            if colnum:
                pager.emit(colnum)
        else:
            nh = spec["rep_hdr"]
            check_header_spec(t, spec, rows, nh, False)
            mode = spec["breaks"]
            if mode == "page":
                pager.brk()
            elif mode == "page+header":
                pager.brk()
                for l in full_header:
                    pager.emit(l)
            elif mode == "header":
                pager.emit("")
                for l in full_header:
                    pager.emit(l)
            else:
                raise AssertionError("unexpected second run in table %d" % t.num)
        for cells in rows[nh:]:
            assert not is_colnum_row(cells)
            out = render_data_row(grid, kinds, cells, wraps)
            rendered_cells.append((cells, out))
            for l in out:
                pager.emit(l)

    # round-trip check: every non-empty cell is a whitespace token of the
    # row's lines (labels with internal spaces are checked as substrings)
    for cells, out in rendered_cells:
        joined = "\n".join(out)
        for c in cells:
            c = c.strip()
            if not c:
                continue
            if c in wraps:
                assert all(f in joined for f in wraps[c])
            elif " " in c:
                assert c in joined, c
            else:
                assert c in joined.split(), (c, joined)

    for i in range(t.note_idx, t.end):
        s = strip_md(lines[i])
        for k in range(0, len(s), NOTE_WRAP):
            pager.emit(s[k:k + NOTE_WRAP])


SE_WIDTHS = [8, 10, 8, 12, 8, 8, 4, 4, 10]
SE_NUM = re.compile(r"\d+(?:\.\d+)?%?")


def render_selfeval_row(grid, cells):
    n = len(grid.widths)
    cells = [c.strip() for c in cells] + [""] * (n - len(cells))
    items = []
    k = 0
    while k < n:
        c = cells[k]
        if not c:
            k += 1
            continue
        j = k
        num = bool(SE_NUM.fullmatch(c))
        if not num and len(c) > grid.widths[k]:
            while j + 1 < n and not cells[j + 1]:
                j += 1
        a, b = grid.span(k, j)
        frags = chunk(c, b - a) if len(c) > b - a else [c]
        items.append((a, b, frags, num))
        k = j + 1
    h = max([len(f) for (_, _, f, _) in items] + [1])
    bufs = [[] for _ in range(h)]
    for (a, b, frags, num) in items:
        top = (h - len(frags)) // 2
        for q, f in enumerate(frags):
            put(bufs[top + q], b - len(f) if num else a, f)
    return [line_of(b) for b in bufs]


def render_selfeval_block(lines, runs, pager):
    grid = Grid(SE_WIDTHS, 2)
    pager.width = grid.width
    for r, (a, b) in enumerate(runs):
        if r > 0:
            pager.brk()  # the blank-line gaps of the source are page breaks
        for i in range(a, b):
            for l in render_selfeval_row(grid, cells_of(lines[i])):
                pager.emit(l)


# --------------------------------------------------------------------------
# Whole-document layout
# --------------------------------------------------------------------------


def make_layout(lines, tables):
    pager = Pager()
    by_title = {t.title_idx: t for t in tables}
    toc_idx = next(i for i, l in enumerate(lines) if l.startswith("## 目录"))
    i = 0
    while i < len(lines):
        raw = lines[i]
        if i in by_title:
            t = by_title[i]
            pager.force_brk()
            render_nine_table(t, lines, pager)
            i = t.end
            pager.emit("")
            # narrative after a table starts on a new page
            nxt = i
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt < len(lines) and nxt not in by_title:
                pager.force_brk()
                pager.width = NARRATIVE_GRID_WIDTH
            continue
        if "\t" in raw:
            # a 绩效自评表: gather its runs (blank lines in between belong to it)
            runs = []
            j = i
            while True:
                k = j
                while k < len(lines) and "\t" in lines[k]:
                    k += 1
                runs.append((j, k))
                m = k
                while m < len(lines) and not lines[m].strip():
                    m += 1
                if m < len(lines) and "\t" in lines[m]:
                    j = m
                    continue
                break
            render_selfeval_block(lines, runs, pager)
            pager.width = NARRATIVE_GRID_WIDTH
            i = runs[-1][1]
            continue
        if not raw.strip():
            pager.emit("")
            pager.maybe_brk()
            i += 1
            continue
        if re.match(r"#+ (附件 \d|2022 ?年度.*绩效自评表)\s*$", raw):
            pager.force_brk()
            pager.width = NARRATIVE_GRID_WIDTH
        s = strip_md(raw)
        if i < toc_idx or re.match(r"\*\*第一部分\*\*|\*\*株洲|\*\*营商|\*\*单位概况", raw):
            pager.emit(centre_line(s))
        elif raw.startswith("# "):
            pager.emit(centre_line(s))
        else:  # lower-level headings and paragraphs
            for l in wrap_display(s, NARRATIVE_DISPLAY_WIDTH, "  "):
                pager.emit(l)
        i += 1
    while pager.out and not pager.out[-1]:
        pager.out.pop()
    while pager.out and not pager.out[0]:
        pager.out.pop(0)
    return pager.out


def make_table02_layout(lines, tables):
    pager = Pager(paginate=False)
    render_nine_table(tables[1], lines, pager)
    return pager.out


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def same_end(eol):
    return eol if SRC_FINAL_NEWLINE else ""


def write_lf(name, lines, end="\n"):
    data = ("\n".join(lines) + end).encode("utf-8")
    write_bytes(name, data)


def write_bytes(name, data):
    path = os.path.join(OUT_DIR, name)
    old = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            old = f.read()
    if old != data:
        with open(path, "wb") as f:
            f.write(data)
    print("%-24s %7d bytes%s" % (name, len(data), "" if old != data else " (unchanged)"))


def main():
    lines = read_source()
    tables = find_tables(lines)
    os.makedirs(OUT_DIR, exist_ok=True)

    layout = make_layout(lines, tables)
    # the wrap must split at least one narrative figure from its unit
    splits = [k for k in range(len(layout) - 1)
              if re.search(r"\d(万)?$", layout[k]) and re.match(r"万?元", layout[k + 1])]
    assert splits, "no figure/unit split in the narrative"
    write_lf("000-layout.txt", layout)

    write_lf("000-yuan.txt", make_yuan(lines, tables), same_end("\n"))

    fw = make_fullwidth(lines, tables)
    write_bytes("000-crlf-bom.txt",
                b"\xef\xbb\xbf" + ("\r\n".join(fw) + same_end("\r\n")).encode("utf-8"))

    write_lf("000-markdown.txt", make_markdown(lines), same_end("\n"))

    tsv = make_table05_tsv(lines, tables)
    write_bytes("000-table05.tsv", ("\r\n".join(tsv) + "\r\n").encode("utf-8"))

    write_lf("000-table02-layout.txt", make_table02_layout(lines, tables))


if __name__ == "__main__":
    main()
