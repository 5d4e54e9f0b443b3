"""The head start a background Sphinx application gets: the templates the last build rendered."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2

from jobbook.build.sphinx import templates_in_use, warm_templates


def app_with(templates: dict[str, str]) -> SimpleNamespace:
    """An object shaped like a Sphinx application where it matters here: its template environment."""
    environment = jinja2.Environment(loader=jinja2.DictLoader(templates))
    return SimpleNamespace(builder=SimpleNamespace(templates=SimpleNamespace(environment=environment)))


TEMPLATES = {"page.html": "{% include 'footer.html' %}", "footer.html": "x", "unused.html": "y",
             "broken.html": "{% if %}"}


def test_the_templates_a_render_used_are_recorded():
    app = app_with(TEMPLATES)
    app.builder.templates.environment.get_template("page.html").render()
    assert templates_in_use(app) == ["footer.html", "page.html"]


def test_warming_compiles_only_the_named_templates_and_skips_what_fails():
    app = app_with(TEMPLATES)
    warm_templates(app, ["page.html", "broken.html", "gone.html"])
    assert templates_in_use(app) == ["page.html"]


def test_an_application_without_templates_is_left_alone():
    app = SimpleNamespace(builder=SimpleNamespace())
    warm_templates(app, ["page.html"])
    assert templates_in_use(app) == []
