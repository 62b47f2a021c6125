"""claimgraph: who claims what, since when, on whose authority, and where reports disagree."""
__version__ = "0.1.0"


def open(db: str | None = None, **options):  # noqa: A001 - the API's entry point is claimgraph.open
    """Open (creating or migrating as needed) a claimgraph store and return its API object."""
    from claimgraph.pipeline import Claimgraph

    return Claimgraph(db, **options)
