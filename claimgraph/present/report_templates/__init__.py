"""Jinja2 templates and CSS of `claimgraph report` (a package, so that they install with it)."""
