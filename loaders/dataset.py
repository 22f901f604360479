"""The validated dataset the loaders produce; it lives in :mod:`graph.dataset`, beside the
stores that write it, so that the stores need nothing from the loaders."""

from graph.dataset import Dataset, RelGroup, Row

__all__ = ["Dataset", "RelGroup", "Row"]
