"""Data text is text: escaped on every HTML path, never a formula in a download."""

from html.parser import HTMLParser

import pandas as pd
import pytest

from jobbook.present.chart_svg import with_drawings
from jobbook.present.charts import chart_hbar, chart_html
from jobbook.present.prose import Bullets, Link, Paragraph, Prose, Strong
from jobbook.present.safe import csv_cell, script_json, text

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_text_is_escaped_and_keeps_to_one_line():
    assert text(PAYLOAD) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert text("a\n\nb\r") == "a&#10;&#10;b&#13;"
    assert text("Sygedagpenge & kontanthjælp") == "Sygedagpenge &amp; kontanthjælp"


def test_a_spec_cannot_end_its_script_element():
    rendered = script_json({"title": "</script><script>alert(1)</script><!--"})
    assert "<" not in rendered and "\\u003c/script>" in rendered
    spec = chart_hbar(pd.DataFrame({"k": [PAYLOAD, "</script><!--"], "v": [1, 2]}), category="k", value="v",
                      value_title=PAYLOAD).properties(title="</script>", description=PAYLOAD).to_dict()
    html = with_drawings(chart_html(spec))
    assert html.count("<script") == 1 and html.count("</script>") == 1 and html.endswith("</script></div>")
    # The drawing made at build time holds the texts as text: no element of the payload's.
    tags = TagNames()
    tags.feed(html)
    assert tags.names <= {"div", "svg", "g", "path", "rect", "text", "tspan", "line", "script"}, tags.names
    assert "&lt;script&gt;alert" in html


class TagNames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)


@pytest.mark.parametrize(("cell", "shown"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-95", "-95"), ("+1,5", "+1,5"), ("Sygedagpenge", "Sygedagpenge"), (-95, -95),
])
def test_formula_cells_are_neutralised_and_numbers_left_alone(cell, shown):
    assert csv_cell(cell) == shown


def test_prose_escapes_every_piece_and_keeps_the_code_s_own_markup():
    prose = Prose(Paragraph("Område: ", Strong(PAYLOAD), " ", Link("se <her>", "../temaer/reform.html")),
                  Bullets("[klik](javascript:alert(1))", "{glue:text}`x`"))
    html = prose._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "<strong>&lt;script&gt;" in html and '<a class="reference internal" href="../temaer/reform.html">' in html
    assert "<li>[klik](javascript:alert(1))</li>" in html  # shown as written: never Markdown
