"""The chart library served by the site itself (no CDN).

vl-convert bundles vega, vega-lite and vega-embed into one classic script that sets
``window.vegaEmbed``. It is wrapped in a function scope: at top level its ``const _`` would
collide with Sphinx's own ``_`` and stop every chart from drawing.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from jobbook.files import write_atomically


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (``6.4`` for ``v6.4.1``), as the charts drawn at
    build time use it."""
    from jobbook.present.chart_svg import vega_lite_version as version

    return version()


def bundle_header() -> str:
    """The first line of the bundle: what it was made from (read from package metadata, which is
    fast; importing Altair to ask it would take half a second on every build)."""
    return (f"/* vega, vega-lite and vega-embed, bundled by vl-convert-python {version('vl-convert-python')} "
            f"for altair {version('altair')} */")


def vega_bundle() -> str:
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    return f"{bundle_header()}\n(function(){{\n{bundle}\n}})();\n"


def write_vega_bundle(path: Path) -> bool:
    """Write the bundle into the site's static files; True if the file changed.

    A file that already holds a bundle of the same versions is left alone: bundling takes about
    1.5 s, paid once by each checkout of the project (the bundle is not committed).
    """
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            if handle.readline().rstrip("\n") == bundle_header():
                return False
    write_atomically(path, vega_bundle())
    return True
