"""Read coordinators' spreadsheets (CSV folders, XLSX workbooks), validate them, load them."""

from loaders.dataset import Dataset
from loaders.load import load_path
from loaders.validate import read_dataset

__all__ = ["Dataset", "load_path", "read_dataset"]
