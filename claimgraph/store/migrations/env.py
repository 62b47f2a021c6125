"""Alembic environment: run by claimgraph.store.db.upgrade() with an open connection."""
from alembic import context

from claimgraph.store.db import include_name
from claimgraph.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # plain `alembic upgrade head` with sqlalchemy.url in the config
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    include_name=include_name,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
