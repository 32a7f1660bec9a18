"""Roll Call: how every country votes in the UN bodies that deal with human rights."""

__version__ = "0.1.0"
