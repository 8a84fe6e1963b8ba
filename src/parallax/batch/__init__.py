"""Batch work on a Dask cluster: analysis and embedding over partitions of a store's articles
(:mod:`parallax.batch.dask_analyze`) and story grouping of a large backlog by time window
(:mod:`parallax.batch.batch_stories`). Needs the ``scale`` extra (Dask)."""
