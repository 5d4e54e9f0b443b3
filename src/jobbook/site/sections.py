"""A page shows what there is: a section whose computations had nothing to show leaves the page.

The notebook marks such a section (:func:`jobbook.present.glue.show` leaves an output with the
:data:`~jobbook.present.glue.EMPTY_SECTION` mark); the build, normalising an executed notebook
(jobbook.build.run), drops the section with its heading. The mark is declared once, by the code that
writes it; this module, which may use ``present``, reads it for the build, which may not.
"""

from __future__ import annotations

from jobbook.present.glue import EMPTY_SECTION


def _is_empty_section(cell) -> bool:
    outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
    return bool(outputs) and all(o.get("metadata", {}).get(EMPTY_SECTION) for o in outputs)


def drop_empty_sections(cells: list) -> list:
    """The cells without each section that had nothing to show: the code cell whose only output
    is :func:`jobbook.present.glue.show`'s empty-section mark, and the markdown cells (its heading
    and introduction) between it and the code cell before it. A reader then sees what there is,
    not a heading over "no data"."""
    kept: list = []
    for cell in cells:
        if _is_empty_section(cell):
            while kept and kept[-1].cell_type == "markdown":
                kept.pop()
            continue
        kept.append(cell)
    return kept
