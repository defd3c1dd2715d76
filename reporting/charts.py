"""Charts for the reports, as PNG bytes (matplotlib, no display needed).

Drawn at their print size (`WIDTH_IN`, the report's text width): the report shows them at that
width, so a label set at 10 pt prints at 10 pt, the body text's size. Colours are the Okabe-Ito
palette, told apart by colour-blind readers; each bar also carries its value as text. A chart's
`source` line (source and period) is drawn under it, so the image never travels without it.
"""
from __future__ import annotations

import io
from functools import cache

from reporting.finishing import french
from reporting.formatting import fr_number, fr_percent

# Okabe & Ito (2008): blue, orange, bluish green, vermillion, sky blue, reddish purple
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7"]
TEXT = "#1d2733"
WIDTH_IN = 6.3  # 16 cm: the report's text width (reporting/templates/report.css)
DPI = 200
LABEL_PT = 10  # the body text's size
TITLE_PT = 11
SOURCE_PT = 9.5



@cache
def _pyplot():
    """matplotlib's pyplot, set up once, imported by the first chart drawn: its import costs about
    half a second of CPU, which loading the code location and a run without charts do not pay."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": LABEL_PT, "text.color": TEXT,
                         "axes.labelcolor": TEXT, "xtick.color": TEXT, "ytick.color": TEXT,
                         "ytick.labelsize": LABEL_PT, "legend.fontsize": LABEL_PT})
    return plt


def _finish(fig, ax, title: str, source: str | None) -> bytes:
    """Title and source aligned on the image's left edge (not the axes'), so neither is cut."""
    height = fig.get_figheight()
    title, source = french(title), french(source) if source else source
    fig.suptitle(title, x=0.01, ha="left", fontsize=TITLE_PT, fontweight="bold", wrap=True)
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_xticks([])
    if source:
        fig.text(0.01, 0.08 / height, source, fontsize=SOURCE_PT, style="italic", color="#4b5563", ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, (0.4 if source else 0) / height, 1, 1))
    fig.patch.set_facecolor("white")
    fig.canvas.draw()  # the pixels `savefig` would write, encoded once (not as RGBA PNG, then again)
    from PIL import Image  # noqa: PLC0415 (with matplotlib, which needs it anyway)

    pixels = Image.frombuffer("RGBA", fig.canvas.get_width_height(physical=True), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    opaque = io.BytesIO()  # no alpha channel: the same white on every PDF viewer, and lighter
    pixels.convert("RGB").save(opaque, format="PNG", optimize=True)
    _pyplot().close(fig)
    return opaque.getvalue()


def _height(rows: float, extra: float, source: str | None) -> float:
    return rows + extra + (0.4 if source else 0)


def horizontal_bars(labels: list[str], values: list[float], title: str, source: str | None = None) -> bytes:
    values = [float(v) for v in values]
    fig, ax = _pyplot().subplots(figsize=(WIDTH_IN, _height(0.36 * len(labels), 0.9, source)), dpi=DPI)
    bars = ax.barh([french(label) for label in labels[::-1]], values[::-1], color=PALETTE[0])
    ax.bar_label(bars, labels=[fr_number(v) for v in values[::-1]], padding=3, fontsize=LABEL_PT)
    ax.margins(x=0.15)
    return _finish(fig, ax, title, source)


def grouped_horizontal_bars(labels: list[str], series: dict[str, list[float]], title: str, source: str | None = None) -> bytes:
    """Several values per label (e.g. participants and entries per commune), one bar each."""
    rows = len(labels) * (0.17 * len(series) + 0.12)
    fig, ax = _pyplot().subplots(figsize=(WIDTH_IN, _height(rows, 1.0, source)), dpi=DPI)
    bar_height = 0.8 / max(len(series), 1)
    positions = list(range(len(labels)))[::-1]
    for i, (name, values) in enumerate(series.items()):
        values = [float(v) for v in values]
        offsets = [p + 0.4 - bar_height * (i + 0.5) for p in positions]
        bars = ax.barh(offsets, values, height=bar_height, color=PALETTE[i % len(PALETTE)], label=french(name))
        ax.bar_label(bars, labels=[fr_number(v) for v in values], padding=3, fontsize=LABEL_PT)
    ax.set_yticks(positions, [french(label) for label in labels])
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series), frameon=False, borderaxespad=0.2)
    ax.margins(x=0.12)
    return _finish(fig, ax, title, source)


def rates_against_target(labels: list[str], values: list[float], target: float, target_label: str, title: str,
                         source: str | None = None) -> bytes:
    """Rates in percent as horizontal bars, with the target as a dashed vertical line."""
    values, target = [float(v) for v in values], float(target)
    fig, ax = _pyplot().subplots(figsize=(WIDTH_IN, _height(0.5 * len(labels), 1.4, source)), dpi=DPI)
    bars = ax.barh([french(label) for label in labels[::-1]], values[::-1], color=PALETTE[0], height=0.6)
    ax.bar_label(bars, labels=[fr_percent(v, 1) for v in values[::-1]], label_type="center", color="white",
                 fontsize=LABEL_PT, fontweight="bold")
    ax.axvline(target, color=PALETTE[3], linestyle="--", linewidth=2, label=french(f"{target_label} : {fr_percent(target)}"))
    ax.set_xlim(0, max([*values, target]) * 1.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=1, frameon=False)
    return _finish(fig, ax, title, source)
