"""Charts for the reports, as PNG bytes (matplotlib, no display needed)."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reporting.formatting import fr_number  # noqa: E402

PALETTE = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c55a11", "#70ad47"]


def horizontal_bars(labels: list[str], values: list[float], title: str) -> bytes:
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
