"""The site's colours: the roles of ``jobbook.present.colours`` written as CSS custom properties.

``book/_static/jobbook.css`` and ``jobbook.js`` use ``var(--jobbook-<role>)`` only; the build writes the
values beside them (``_config.yml`` lists this file before jobbook.css), so the site and the charts
take their colours from the same roles.
"""

from __future__ import annotations

from pathlib import Path

from jobbook.files import write_if_changed
from jobbook.present.colours import css_custom_properties

#: The file written into book/_static (not kept in git: it is a product of the roles).
CSS_FILE = "jobbook-colours.css"


def write_colour_css(static_dir: Path) -> Path:
    """Write the roles' custom properties into ``static_dir`` (an unchanged file is not touched, so the
    build's cache of static files stays valid)."""
    path = static_dir / CSS_FILE
    write_if_changed(path, css_custom_properties())
    return path
