"""One module per CLI verb (`python build.py <verb>`)."""
