"""The chart library served by the site itself (no CDN).

vl-convert bundles vega, vega-lite and vega-embed into one classic script that sets
``window.vegaEmbed``. It is wrapped in a function scope: at top level its ``const _`` would
collide with Sphinx's own ``_`` and stop every chart from drawing.
"""

from __future__ import annotations

import altair as alt
import vl_convert


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (``6.4`` for ``v6.4.1``)."""
    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def vega_bundle() -> str:
    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    return ("/* vega, vega-lite and vega-embed, bundled by vl-convert for Vega-Lite "
            f"{vega_lite_version()} */\n(function(){{\n{bundle}\n}})();\n")
