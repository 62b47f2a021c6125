"""Batch extraction on a Dask cluster (a LocalCluster by default): ``claimgraph batch``."""
from claimgraph.batch.runner import BatchError, BatchReport, count_items, run_batch

__all__ = ["BatchError", "BatchReport", "count_items", "run_batch"]
