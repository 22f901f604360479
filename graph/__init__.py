"""The graph: its schema, and the stores (embedded LadybugDB, Neo4j) that hold it."""

from graph.errors import RspError
from graph.registry import open_store
from graph.store import Result, Store

__all__ = ["Result", "RspError", "Store", "open_store"]
