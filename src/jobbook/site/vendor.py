"""The chart library served by the site itself (no CDN).

vl-convert bundles vega, vega-lite and vega-embed into one classic script that sets
``window.vegaEmbed``. It is wrapped in a function scope: at top level its ``const _`` would
collide with Sphinx's own ``_`` and stop every chart from drawing.
"""

from __future__ import annotations

import contextlib
import sys
from importlib.metadata import version
from pathlib import Path

from jobbook.digest import digest
from jobbook.files import write_atomically


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for (``6.4`` for ``v6.4.1``)."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def bundle_header() -> str:
    """The first line of the bundle: what it was made from (read from package metadata, which is
    fast; importing Altair to ask it would take half a second on every build)."""
    return (f"/* vega, vega-lite and vega-embed, bundled by vl-convert-python {version('vl-convert-python')} "
            f"for altair {version('altair')} */")


def vega_bundle() -> str:
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    return f"{bundle_header()}\n(function(){{\n{bundle}\n}})();\n"


def environment_copy() -> Path:
    """Where the installed environment keeps its bundle: it depends only on installed versions."""
    key = digest(bundle_header())[:16]
    return Path(sys.prefix) / "share" / "jobbook" / f"vega-bundle-{key}.js"


def write_vega_bundle(path: Path, keep_copy: bool = True) -> bool:
    """Write the bundle into the site's static files; True if the file changed.

    A file that already holds a bundle of the same versions is left alone. Bundling takes
    seconds, so with ``keep_copy`` the bundle is kept once per installed environment and copied
    from there into each new project copy.
    """
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            if handle.readline().rstrip("\n") == bundle_header():
                return False
    kept = environment_copy()
    if keep_copy and kept.is_file():
        text = kept.read_text(encoding="utf-8")
    else:
        text = vega_bundle()
        if keep_copy:
            with contextlib.suppress(OSError):  # a read-only environment: bundle again next time
                write_atomically(kept, text)
    write_atomically(path, text)
    return True
