"""Sentences for the reader, computed from the data: paragraphs and lists shown as plain text.

A chapter's ``text_*`` functions return :class:`Prose`. It is shown as HTML in which every
piece of text is escaped (jobbook.present.safe), so a value from the data can never become
markup. The only markup is what the code itself asks for: paragraphs, lists, emphasis and
links to other pages of the book.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobbook.present.safe import text


@dataclass(frozen=True)
class Link:
    """A link to a page of the book (the address comes from the code, never from the data)."""

    label: str
    href: str

    def html(self) -> str:
        return f'<a class="reference internal" href="{text(self.href)}">{text(self.label)}</a>'

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Strong:
    """Text set in bold (a name the sentence is about)."""

    label: str

    def html(self) -> str:
        return f"<strong>{text(self.label)}</strong>"

    def __str__(self) -> str:
        return self.label


Segment = str | Link | Strong


class Paragraph:
    def __init__(self, *segments: Segment):
        self.segments = segments

    def html(self) -> str:
        return "".join(s.html() if isinstance(s, Link | Strong) else text(s) for s in self.segments)

    def __str__(self) -> str:
        return "".join(str(s) for s in self.segments)


class Bullets:
    def __init__(self, *items: Segment | Paragraph):
        self.items = items

    def html(self) -> str:
        return "<ul>" + "".join(f"<li>{as_paragraph(i).html()}</li>" for i in self.items) + "</ul>"

    def __str__(self) -> str:
        return "\n".join(f"- {i}" for i in self.items)


def as_paragraph(block: Segment | Paragraph) -> Paragraph:
    return block if isinstance(block, Paragraph) else Paragraph(block)


class Prose:
    """Paragraphs (plain strings or :class:`Paragraph`) and :class:`Bullets`, in order."""

    def __init__(self, *blocks: Segment | Paragraph | Bullets | None):
        self.blocks = [b for b in blocks if b is not None and b != ""]

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def _repr_html_(self) -> str:
        parts = [b.html() if isinstance(b, Bullets) else f"<p>{as_paragraph(b).html()}</p>" for b in self.blocks]
        return '<div class="jobbook-prose">' + "".join(parts) + "</div>"

    def __str__(self) -> str:
        return "\n\n".join(str(b) for b in self.blocks)

    def __repr__(self) -> str:
        # What a notebook stores as the plain-text output.
        return str(self)
