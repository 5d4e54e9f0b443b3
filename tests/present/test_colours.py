"""Colours by role: written once (jobbook.present.colours), readable, and followed by every chart and the site.

A maintainer who wants every bar another colour changes one role; these tests fail when a colour is typed
anywhere else, when a text colour loses its contrast, or when a chart or the site's CSS does not follow a
changed role.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import chapter_figures
from jobbook.present import charts, colours, line_charts
from jobbook.site.colour_css import CSS_FILE, write_colour_css

ROOT = Path(__file__).resolve().parents[2]
ROLES_FILE = ROOT / "src" / "jobbook" / "present" / "colours.py"
#: Products of the build and third-party code, not written by hand (see .gitignore).
NOT_OURS = ("book/_static/vendor", "book/budgetaar", "book/temaer", "book/generated", f"book/_static/{CSS_FILE}")
SCANNED = {".py", ".css", ".js", ".md", ".html", ".yml", ".yaml", ".toml", ".txt", ".po"}
#: A hex colour (#abc, #aabbcc, #aabbccdd) not preceded by a word character or "&" (an HTML entity "&#123;").
HEX = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![0-9a-zA-Z_-])")
#: A colour written as a function or by name in a stylesheet, a script or code.
FUNCTION_OR_NAME = re.compile(r"\b(?:rgba?|hsla?)\(|[\"'](?:white|black|red|gr[ae]y|blue|green)[\"']")


def hand_written_files() -> list[Path]:
    files = []
    for top in ("src", "book"):
        for path in (ROOT / top).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if (path.is_file() and path.suffix in SCANNED and "__pycache__" not in path.parts
                    and not relative.startswith(NOT_OURS)):
                files.append(path)
    return files


def colours_written() -> list[tuple[str, str, int]]:
    """Every hex colour in src/ and book/: (colour, file, line)."""
    found = []
    for path in hand_written_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [(m.group(0).lower(), path.relative_to(ROOT).as_posix(), number) for m in HEX.finditer(line)]
    return found


def test_no_hex_colour_is_written_twice_or_outside_the_roles():
    found = colours_written()
    in_roles = [c for c, file, _ in found if file.endswith("present/colours.py")]
    assert len(in_roles) >= len(set(colours.palette())), "the scan finds the roles' own colours"
    outside = [(c, file, line) for c, file, line in found if not file.endswith("present/colours.py")]
    assert not outside, f"colours written outside jobbook/present/colours.py (use a role): {outside}"
    twice = sorted({c for c in in_roles if in_roles.count(c) > 1})
    assert not twice, f"colours written twice in the roles (one role, or one shared constant): {twice}"


def test_no_colour_is_written_as_a_function_or_a_name():
    found = [(p.relative_to(ROOT).as_posix(), n) for p in hand_written_files() if p != ROLES_FILE
             and p.suffix in {".py", ".css", ".js"}
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if FUNCTION_OR_NAME.search(line)]
    assert not found


def test_the_scan_catches_a_colour_typed_in_a_stylesheet():
    assert [m.group(0) for m in HEX.finditer("a { color: #444; border: 1px solid #DDDDDD; } &#123; #0072b2cc")] \
        == ["#444", "#DDDDDD", "#0072b2cc"]
    assert FUNCTION_OR_NAME.search("background: rgba(0, 0, 0, .18)") and FUNCTION_OR_NAME.search('stroke="white"')


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_role_has_the_contrast_its_kind_needs_on_the_background():
    """Text 4.5:1 (WCAG 1.4.3), a bar, line or point 3:1 (1.4.11); only decorations may be translucent."""
    background = colours.colour("background")
    assert contrast("#000000", "#ffffff") == pytest.approx(21) and contrast(background, background) == 1
    low = {}
    for name, role in colours.ROLES.items():
        assert re.fullmatch(r"#[0-9a-f]{6}" + ("([0-9a-f]{2})?" if role.kind == colours.DECORATION else ""),
                            role.colour), name
        if role.kind != colours.DECORATION and contrast(role.colour, background) < colours.MIN_CONTRAST[role.kind]:
            low[name] = round(contrast(role.colour, background), 2)
    assert not low
    assert {colours.ROLES[r].kind for r in ("text", "title", "muted", "home", "comparison")} == {colours.TEXT}


def test_the_site_uses_only_roles_that_exist():
    """jobbook.css and jobbook.js name roles by their custom property; a misspelt one would be no colour."""
    css = (ROOT / "book" / "_static" / "jobbook.css").read_text(encoding="utf-8")
    js = (ROOT / "book" / "_static" / "jobbook.js").read_text(encoding="utf-8")
    written = colours.css_custom_properties()
    used = re.findall(r"var\((--jobbook-[\w-]+)\)", css)
    used += [colours.css_name(r) for r in re.findall(r"\brole\(\"([\w-]+)\"\)", js)]
    assert len(used) >= 8
    assert not [name for name in used if f"{name}:" not in written]


def every_colour(spec) -> list[str]:
    """Every colour-like string in a spec: hex values, and names under a colour key."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if isinstance(value, str) and (HEX.fullmatch(value) or key.lower().endswith(("color", "fill", "stroke"))):
                found.append(value.lower())
            found += every_colour(value)
    elif isinstance(spec, list):
        for item in spec:
            if isinstance(item, str):
                found += [item.lower()] if HEX.fullmatch(item) else []
            else:
                found += every_colour(item)
    return found


def has_bars(spec: dict) -> bool:
    marks = [spec.get("mark"), *(view.get("mark") for view in spec.get("layer", []))]
    return any(m == "bar" or (isinstance(m, dict) and m.get("type") == "bar") for m in marks)


def factory_specs() -> dict[str, dict]:
    """A chart from each shared factory, in each of its ways of colouring."""
    frame = pd.DataFrame({"k": ["Forsikrede ledige på dagpenge og i aktivering", "b"], "v": [1.0, 2.0],
                          "s": ["Kommunen", "Landet"]})
    short = frame.assign(k=["a", "b"])
    return {
        "hbar": charts.chart_hbar(short, category="k", value="v", value_title="V"),
        "hbar wrapped": charts.chart_hbar(frame, category="k", value="v", value_title="V"),
        "hbar grouped": charts.chart_hbar(short, category="k", value="v", value_title="V", color="s"),
        "hbar by role": charts.chart_hbar(short, category="k", value="v", value_title="V", colors=charts.color_by(
            short, "s", domain=["Kommunen", "Landet"], roles=["home", "comparison"])),
        "hbar with reference": charts.with_reference(charts.chart_hbar(frame, category="k", value="v",
                                                                        value_title="V"), 1.5),
        "stacked bar": charts.chart_stacked_bar(short, part="s", value="v", value_title="V",
                                                roles=["home", "pending"]),
        "line": line_charts.chart_line(short, x="k", value="v", series="s", value_title="V"),
    }


def test_a_changed_role_reaches_every_chart_and_the_css(monkeypatch, shipped, tmp_path):
    """Every role set to a colour of its own: each chart of the book and each factory draws only those, every
    bar chart draws the municipality's new colour, and the site's custom properties carry them all."""
    changed = {name: f"#{i + 1:02x}{i + 1:02x}{i + 1:02x}" for i, name in enumerate(colours.ROLES)}
    for name, value in changed.items():
        monkeypatch.setitem(colours.ROLES, name, colours.Role(value, colours.ROLES[name].kind, ""))
    specs = {f.title: f.chart.to_dict() for f in chapter_figures(shipped) if f.chart is not None}
    assert len(specs) >= 10
    specs.update({name: chart.to_dict() for name, chart in factory_specs().items()})
    bar_charts = [name for name, spec in specs.items() if has_bars(spec)]
    assert len(bar_charts) >= 12
    for name, spec in specs.items():
        drawn = every_colour(spec)
        assert drawn and set(drawn) <= set(changed.values()), (name, set(drawn) - set(changed.values()))
    assert not [name for name in bar_charts if changed["home"] not in every_colour(specs[name])]
    css = write_colour_css(tmp_path).read_text(encoding="utf-8")
    for name, value in changed.items():
        assert f"{colours.css_name(name)}: {value};" in css


def test_the_build_writes_the_roles_beside_jobbook_css_and_the_site_loads_them_first(shipped, settings, tmp_path):
    """What a build writes (``write_generated_pages``), and _config.yml listing it before jobbook.css."""
    import yaml

    from jobbook.build.book import write_generated_pages
    from jobbook.build.layout import BookLayout

    (tmp_path / "book" / "_static").mkdir(parents=True)
    write_generated_pages(BookLayout(tmp_path), settings, shipped)
    assert (tmp_path / "book" / "_static" / CSS_FILE).read_text(encoding="utf-8") == colours.css_custom_properties()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    assert config["html_css_files"].index(CSS_FILE) < config["html_css_files"].index("jobbook.css")
    assert "book/_static" in config["html_static_path"]
