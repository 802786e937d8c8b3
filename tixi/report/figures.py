"""Figures for the report: matplotlib (Agg) with a font that has Chinese glyphs.

The CJK font is found by path first (the Debian package fonts-wqy-microhei, which the Makefile
installs), then among all fonts matplotlib knows, by checking that the font file holds glyphs
for Chinese characters. Without one, figures use English labels only and the report says so:
a label is never drawn as boxes. PNG bytes are deterministic (no timestamp in the metadata).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from tixi.report.i18n import Names  # noqa: E402
from tixi.report.model import Figure  # noqa: E402

# Where Debian and other distributions put fonts with CJK glyphs; the first is the one the
# Makefile installs (fonts-wqy-microhei).
CJK_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
# Characters a font must hold to count as a CJK font (common ones of the corpus).
CJK_PROBE = "文明信用中国闯红灯"
DPI = 110
# Colours of the graph's node columns, left to right (civility side, neutral, credit side).
SIDE_COLOURS = ("#c0392b", "#7f8c8d", "#2471a3")
PALETTE = ("#c0392b", "#2471a3", "#7f8c8d", "#7d3c98", "#d68910", "#17a589", "#a04000", "#5d6d7e")


@dataclass(frozen=True)
class FontChoice:
    """The font figures are drawn with: its family name and file, or None when no CJK font exists."""

    family: str | None
    path: str | None

    @property
    def cjk(self) -> bool:
        """Return whether Chinese labels can be drawn."""
        return self.family is not None


def _has_cjk_glyphs(path: str) -> bool:
    try:
        from matplotlib.ft2font import FT2Font

        charmap = FT2Font(path).get_charmap()
    except Exception:  # a font file matplotlib cannot read is simply not a candidate
        return False
    return all(ord(ch) in charmap for ch in CJK_PROBE)


@lru_cache(maxsize=1)
def choose_font() -> FontChoice:
    """Return the CJK font for figures, registering it with matplotlib; warn when there is none."""
    for path in CJK_FONT_PATHS:
        if Path(path).exists() and _has_cjk_glyphs(path):
            return _register(path)
    hints = ("cjk", "hei", "song", "ming", "kai", "wqy", "han", "droid", "fallback", "pingfang", "yahei", "gothic")
    entries = sorted({entry.fname for entry in font_manager.fontManager.ttflist})
    likely = [path for path in entries if any(hint in Path(path).name.lower() for hint in hints)]
    for path in likely + [path for path in entries if path not in likely]:
        if _has_cjk_glyphs(path):
            return _register(path)
    warnings.warn(
        "tixi report: no font with Chinese glyphs found; figures use English labels only "
        "(install the Debian package fonts-wqy-microhei)", stacklevel=2,
    )
    return FontChoice(None, None)


def _register(path: str) -> FontChoice:
    font_manager.fontManager.addfont(path)
    family = font_manager.FontProperties(fname=path).get_name()
    return FontChoice(family, path)


def _style(font: FontChoice) -> Any:
    families = [font.family, "DejaVu Sans"] if font.family else ["DejaVu Sans"]
    return {
        "font.family": families,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "svg.hashsalt": "tixi",
    }


class Figures:
    """Draw the report's figures in its language; labels lose CJK characters when no font has them."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.font = choose_font()

    def label(self, text: str) -> str:
        """Return a label the figure font can draw."""
        return text if self.font.cjk else self.names.latin(text)

    def _labels(self, texts: Iterable[object]) -> list[str]:
        return [self.label(str(text)) for text in texts]

    def finish(self, fig: MplFigure, name: str, caption: str, alt: str = "") -> Figure:
        """Return the figure as PNG bytes (deterministic) and close it; ``alt`` says in words what it shows."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
        plt.close(fig)
        data = _palette_png(buffer.getvalue())
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return Figure(name, caption, data, width, height, f"{caption}. {alt}" if alt else caption)

    # -- kinds of figure ---------------------------------------------------------------------------

    def bars(
        self, name: str, caption: str, frame: pd.DataFrame, *, xlabel: str = "", ylabel: str = "",
        horizontal: bool = False, stacked: bool = True, colours: dict[str, str] | None = None,
    ) -> Figure:
        """Return a bar chart of ``frame`` (index: categories, columns: series)."""
        with plt.rc_context(_style(self.font)):
            n = max(1, len(frame.index))
            size = (8.5, max(2.6, 0.32 * n + 1.2)) if horizontal else (max(6.0, min(12.0, 0.45 * n + 3)), 4.2)
            fig, ax = plt.subplots(figsize=size)
            positions = np.arange(n)
            bottom = np.zeros(n)
            width = 0.8 if stacked else 0.8 / max(1, len(frame.columns))
            for i, column in enumerate(frame.columns):
                values = frame[column].to_numpy(dtype=float)
                colour = (colours or {}).get(str(column), PALETTE[i % len(PALETTE)])
                offset = positions if stacked else positions + (i - (len(frame.columns) - 1) / 2) * width
                label = self.label(str(column))
                if horizontal:
                    ax.barh(offset, values, height=width, left=bottom if stacked else None, color=colour, label=label)
                else:
                    ax.bar(offset, values, width=width, bottom=bottom if stacked else None, color=colour, label=label)
                if stacked:
                    bottom = bottom + values
            ticks = self._labels(frame.index)
            if horizontal:
                ax.set_yticks(positions, ticks)
                ax.invert_yaxis()
                ax.set_xlabel(self.label(xlabel))
            else:
                ax.set_xticks(positions, ticks, rotation=35 if n > 6 else 0, ha="right" if n > 6 else "center")
                ax.set_ylabel(self.label(ylabel))
                ax.set_xlabel(self.label(xlabel))
            if len(frame.columns) > 1:
                ax.legend(frameon=False, fontsize=9)
            ax.set_title(self.label(caption))
            totals = frame.sum(axis=1)
            top = sorted(zip(totals.index, totals, strict=True), key=lambda item: (-float(item[1]), str(item[0])))[:3]
            alt = self.names.t("alt.bars", bars=n, series=", ".join(map(str, frame.columns)),
                               top=", ".join(f"{label} ({float(value):g})" for label, value in top))
            return self.finish(fig, name, caption, alt)

    def heatmap(self, name: str, caption: str, matrix: pd.DataFrame, *, fmt: str = "{:.0f}", cmap: str = "Reds") -> Figure:
        """Return a heatmap of ``matrix`` with each cell's value written in it."""
        with plt.rc_context(_style(self.font)):
            rows, cols = matrix.shape
            fig, ax = plt.subplots(figsize=(max(5.5, 0.55 * cols + 3.5), max(3.0, 0.36 * rows + 1.6)))
            values = matrix.to_numpy(dtype=float)
            image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0)
            ax.set_xticks(np.arange(cols), self._labels(matrix.columns), rotation=45, ha="right")
            ax.set_yticks(np.arange(rows), self._labels(matrix.index))
            top = float(np.nanmax(values)) if values.size else 0.0
            for r in range(rows):
                for c in range(cols):
                    value = values[r, c]
                    if value and not np.isnan(value):
                        ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=8,
                                color="white" if top and value > 0.6 * top else "black")
            ax.spines[:].set_visible(False)
            fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
            ax.set_title(self.label(caption))
            alt = ""
            if values.size and top:
                flat = int(np.nanargmax(values))
                alt = self.names.t("alt.heatmap", rows=rows, cols=cols, row=matrix.index[flat // cols], col=matrix.columns[flat % cols],
                                   value=fmt.format(top))
            return self.finish(fig, name, caption, alt)

    def dispersion(self, name: str, caption: str, panels: Sequence[tuple[str, pd.DataFrame, str]], *, keep_order: bool = False) -> Figure:
        """Return a dot matrix per panel (rows: places, columns: codes; dot area ~ count), side by side.

        Each panel is (title, matrix, colour); every panel shares the rows so places line up.
        """
        with plt.rc_context(_style(self.font)):
            places = list(dict.fromkeys(place for _, matrix, _ in panels for place in matrix.index))
            if not keep_order:
                places = sorted(places, key=str)
            widths = [max(1.6, 0.3 * len(matrix.columns) + 0.4) for _, matrix, _ in panels]
            fig, axes = plt.subplots(1, len(panels), figsize=(sum(widths) + 2.4, max(3.5, 0.24 * len(places) + 2.6)),
                                     gridspec_kw={"width_ratios": widths}, squeeze=False, sharey=True, layout="constrained")
            for ax, (title, matrix, colour) in zip(axes[0], panels, strict=True):
                full = matrix.reindex(places).fillna(0)
                top = float(full.to_numpy().max()) if full.size else 0.0
                ys, xs = np.nonzero(full.to_numpy() > 0)
                sizes = [14 + 200 * (float(cast(float, full.iat[int(y), int(x)])) / top) ** 0.5 for y, x in zip(ys, xs, strict=True)] if top else []
                ax.scatter(xs, ys, s=sizes, color=colour, alpha=0.75, linewidths=0)
                ax.set_xticks(np.arange(len(full.columns)), self._labels(full.columns), rotation=60, ha="right", rotation_mode="anchor", fontsize=9)
                ax.set_xlim(-0.7, len(full.columns) - 0.3)
                ax.set_title(self.label(title), fontsize=11)
                ax.grid(True, color="#eeeeee", linewidth=0.6)
                ax.set_axisbelow(True)
            axes[0][0].set_yticks(np.arange(len(places)), self._labels(places), fontsize=9)
            axes[0][0].set_ylim(len(places) - 0.5, -0.5)
            fig.suptitle(self.label(caption), fontsize=12)
            described = []
            for title, matrix, _ in panels:
                spread = (matrix > 0).sum(axis=0).sort_values(ascending=False, kind="stable")
                if len(spread):
                    described.append(self.names.t("alt.panel", title=title, code=spread.index[0], places=int(spread.iloc[0]), of=len(matrix.index)))
            alt = self.names.t("alt.dispersion", places=len(places), panels="; ".join(described))
            return self.finish(fig, name, caption, alt)

    def graph(self, name: str, caption: str, graph: nx.DiGraph, *, weight: str = "weight",
              kinds: dict[str, str] | None = None, max_edges: int = 40, columns: Sequence[str] = (),
              emphasise: set[tuple[str, str]] | None = None) -> Figure:
        """Return a drawing of a directed graph: its heaviest ``max_edges`` edges, nodes in one column per kind.

        ``columns`` orders the kinds left to right (others follow by name); within a column nodes
        are sorted by weighted degree, so the layout is deterministic and labels never overlap. Edges in
        ``emphasise`` (those crossing between the compared sides) are drawn dark and opaque, the rest faint.
        """
        edges = sorted(graph.edges(data=True), key=lambda e: (-float(e[2].get(weight, 1) or 1), str(e[0]), str(e[1])))[:max_edges]
        sub = nx.DiGraph()
        for source, target, data in sorted(edges, key=lambda e: (str(e[0]), str(e[1]))):
            sub.add_edge(str(source), str(target), weight=float(data.get(weight, 1) or 1))
        node_kinds = {node: (kinds or {}).get(node, "") for node in sub.nodes}
        order = list(columns) + sorted(set(node_kinds.values()) - set(columns))
        order = [kind for kind in order if kind in set(node_kinds.values())]
        degree: dict[str, float] = dict(sub.degree(weight="weight"))
        positions: dict[str, tuple[float, float]] = {}
        tallest = max((sum(1 for n in sub.nodes if node_kinds[n] == kind) for kind in order), default=1)
        for x, kind in enumerate(order):
            members = sorted((n for n in sub.nodes if node_kinds[n] == kind), key=lambda n: (-degree[n], n))
            for i, node in enumerate(members):
                positions[node] = (float(x), -(i + 0.5) * tallest / max(1, len(members)))
        with plt.rc_context(_style(self.font)):
            fig, ax = plt.subplots(figsize=(max(9.0, 3.6 * len(order)), max(5.0, 0.42 * tallest + 1.5)))
            if sub.number_of_nodes():
                top = max(d["weight"] for _, _, d in sub.edges(data=True))
                fixed = list(columns)[:len(SIDE_COLOURS)]
                colour_of = {kind: SIDE_COLOURS[fixed.index(kind)] if kind in fixed else PALETTE[i % len(PALETTE)] for i, kind in enumerate(order)}
                for source, target, data in sorted(sub.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1])):
                    (x0, y0), (x1, y1) = positions[source], positions[target]
                    rad = 0.25 if x0 == x1 else 0.08
                    strong = emphasise is not None and (source, target) in emphasise
                    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={
                        "arrowstyle": "-|>", "color": colour_of[node_kinds[source]], "alpha": 0.95 if strong else (0.25 if emphasise else 0.45),
                        "lw": 0.6 + 4.0 * data["weight"] / top, "connectionstyle": f"arc3,rad={rad}", "shrinkA": 7, "shrinkB": 7,
                    })
                for node, (px, py) in positions.items():
                    kind = node_kinds[node]
                    ax.scatter([px], [py], s=60 + 28 * degree[node] ** 0.8, color=colour_of[kind], zorder=3, alpha=0.9, linewidths=0)
                    left = px == 0 and len(order) > 1
                    right = px == len(order) - 1 and len(order) > 1
                    ax.text(px - 0.06 if left else px + 0.06, py, self.label(node), fontsize=9, zorder=4,
                            ha="right" if left else "left", va="center",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8} if not (left or right) else None)
                for kind in order:
                    ax.scatter([], [], color=colour_of[kind], label=self.label(kind or "?"))
                ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(order), fontsize=9)
                ax.set_xlim(-1.1, len(order) - 1 + 1.1)
            ax.set_axis_off()
            ax.set_title(self.label(caption))
            alt = ""
            if edges:
                source, target, data = edges[0]
                alt = self.names.t("alt.graph", nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), shown=len(edges),
                                   source=source, target=target, weight=f"{float(data.get(weight, 1) or 1):g}")
            return self.finish(fig, name, caption, alt)


def _palette_png(data: bytes) -> bytes:
    """Return the PNG with a 256-colour palette: charts have few colours, and the report embeds every figure.

    A palette image is about a third of the size of the RGBA one and looks the same; the result is
    deterministic (no dithering, a fixed quantiser).
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    return out.getvalue()
