"""jobbook: the data, analyses and build of the analysis book on a municipality's employment area."""

from jobbook.dataset import Dataset, load_dataset, validate_data_dir
from jobbook.findings import DataError, Finding
from jobbook.settings import Settings, load_settings

__version__ = "0.1.0"
__all__ = ["DataError", "Dataset", "Finding", "Settings", "load_dataset", "load_settings",
           "validate_data_dir", "__version__"]
