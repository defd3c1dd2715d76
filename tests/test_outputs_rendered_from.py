"""An artefact rendered from a source (the report's PDF from its HTML) is rendered again only when
its source changed; a failed rendering leaves no hash that would keep a stale file."""
from __future__ import annotations

import pytest

from reporting.outputs import rendered_from, write_together


def test_rendered_again_only_when_the_source_changed(tmp_path):
    pdf, renders = tmp_path / "2025" / "rapport.pdf", []

    def render(text):
        def write(path):
            renders.append(text)
            path.write_text(f"PDF of {text}", encoding="utf-8")
        return write

    write_together({pdf: rendered_from(pdf, "figures A", render("figures A"))})
    write_together({pdf: rendered_from(pdf, "figures A", render("figures A"))})
    assert renders == ["figures A"] and pdf.read_text(encoding="utf-8") == "PDF of figures A"

    write_together({pdf: rendered_from(pdf, "figures B", render("figures B"))})
    assert renders == ["figures A", "figures B"] and pdf.read_text(encoding="utf-8") == "PDF of figures B"

    pdf.unlink()  # withdrawn or deleted: rendered again, whatever the hash says
    write_together({pdf: rendered_from(pdf, "figures B", render("figures B"))})
    assert renders[-1] == "figures B" and len(renders) == 3 and pdf.exists()


def test_a_failed_rendering_leaves_no_hash_behind(tmp_path):
    pdf = tmp_path / "rapport.pdf"
    write_together({pdf: rendered_from(pdf, "A", lambda p: p.write_text("PDF of A", encoding="utf-8"))})

    def crash(path):
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_together({pdf: rendered_from(pdf, "B", crash)})
    assert pdf.read_text(encoding="utf-8") == "PDF of A"  # the previous file stays
    rendered = []
    write_together({pdf: rendered_from(pdf, "A", lambda p: rendered.append(p) or p.write_text("PDF of A", encoding="utf-8"))})
    assert rendered  # the hash was dropped with the failed rendering: A is rendered again, not assumed
