"""Page builders: each turns the index into (url, template, context) for one page kind."""
