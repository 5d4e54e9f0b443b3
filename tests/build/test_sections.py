"""Empty sections: a section whose computations have nothing to show leaves the page, heading and all."""

import subprocess
import sys

import nbformat

from jobbook.present.glue import EMPTY_SECTION
from jobbook.site.sections import drop_empty_sections


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(*outputs):
    cell = nbformat.v4.new_code_cell("show(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": ""}, metadata=m) for m in outputs]
    return cell


EMPTY = {EMPTY_SECTION: True}


def test_an_empty_section_goes_with_its_heading_and_introduction():
    cells = [md("# Title"), code({}), md("## A"), md("intro of A"), code(EMPTY), md("## B"), code({}),
             md("### B.1"), code(EMPTY), md("## C"), code({})]
    kept = drop_empty_sections(cells)
    assert [c.source for c in kept] == ["# Title", "show(...)", "## B", "show(...)", "## C", "show(...)"]


def test_a_section_with_something_to_show_stays():
    cells = [md("## A"), code(EMPTY, {})]  # the mark beside a real output is not an empty section
    assert drop_empty_sections(cells) == cells
    cells = [md("## A"), nbformat.v4.new_code_cell("x = 1")]  # a cell without outputs is not one either
    assert drop_empty_sections(cells) == cells


def test_show_marks_a_section_with_nothing_to_show(tmp_path):
    """In a real kernel: show(None, empty prose) leaves the mark; show(a sentence) does not."""
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              "shell = InteractiveShell.instance()\n"
              "from jobbook.present.glue import show\nfrom jobbook.present.prose import Prose\n"
              "captured = []\nshell.display_pub.publish = lambda data, metadata=None, **k: captured.append(metadata)\n"
              "show(None, Prose())\nshow(None, 'En sætning.')\nprint(captured)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str([EMPTY, {}])
