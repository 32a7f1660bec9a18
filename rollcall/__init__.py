"""Roll Call: how every country votes in the UN bodies that deal with human rights."""

import os

# One BLAS thread: the build already runs a process per core (render workers, the data
# process), and OpenBLAS's own threads then only spin against them (the agreement matrices
# took 0.46 s instead of 0.08 s with the other core busy). Must be set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
