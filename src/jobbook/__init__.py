"""jobbook: the data, analyses and build of the analysis book on a municipality's employment area.

The names below are loaded on first use, so that importing a small part of the package (the
build's process pool, the command line) does not import pandas.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "DataError": "jobbook.data.findings", "Finding": "jobbook.data.findings",
    "Dataset": "jobbook.data.dataset", "load_dataset": "jobbook.data.dataset",
    "validate_data_dir": "jobbook.data.dataset",
    "Settings": "jobbook.settings", "load_settings": "jobbook.settings",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'jobbook' has no attribute {name!r}")
