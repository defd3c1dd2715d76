"""Charts for the reports, as PNG bytes (matplotlib, no display needed)."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reporting.formatting import fr_number, fr_percent  # noqa: E402

PALETTE = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c55a11", "#70ad47"]


def horizontal_bars(labels: list[str], values: list[float], title: str) -> bytes:
    values = [float(v) for v in values]  # Decimals from the indicators table: plotting needs floats
    height = 0.45 * len(labels) + 1.2
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=120)
    bars = ax.barh(labels[::-1], values[::-1], color=PALETTE[1])
    ax.bar_label(bars, labels=[fr_number(v) for v in values[::-1]], padding=3, fontsize=9)
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_xticks([])
    ax.margins(x=0.15)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def grouped_horizontal_bars(labels: list[str], series: dict[str, list[float]], title: str) -> bytes:
    """Several values per label (e.g. participants and entries per commune), one bar each."""
    height = 0.55 * len(labels) + 1.4
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=120)
    bar_height = 0.8 / max(len(series), 1)
    positions = list(range(len(labels)))[::-1]
    for i, (name, values) in enumerate(series.items()):
        values = [float(v) for v in values]
        offsets = [p + 0.4 - bar_height * (i + 0.5) for p in positions]
        bars = ax.barh(offsets, values, height=bar_height, color=PALETTE[i % len(PALETTE)], label=name)
        ax.bar_label(bars, labels=[fr_number(v) for v in values], padding=3, fontsize=8)
    ax.set_yticks(positions, labels)
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_xticks([])
    ax.margins(x=0.12)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def rates_against_target(labels: list[str], values: list[float], target: float, target_label: str, title: str) -> bytes:
    """Rates in percent as horizontal bars, with the target as a dashed vertical line."""
    values, target = [float(v) for v in values], float(target)
    height = 0.6 * len(labels) + 1.6
    fig, ax = plt.subplots(figsize=(7.5, height), dpi=120)
    bars = ax.barh(labels[::-1], values[::-1], color=PALETTE[1], height=0.6)
    ax.bar_label(bars, labels=[fr_percent(v, 1) for v in values[::-1]], label_type="center", color="white", fontsize=10)
    ax.axvline(target, color=PALETTE[3], linestyle="--", linewidth=1.5, label=f"{target_label} : {fr_percent(target)}")
    ax.set_xlim(0, max([*values, target]) * 1.15)
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=1, fontsize=9, frameon=False)
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_xticks([])
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
