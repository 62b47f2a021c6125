"""Opening a store: URL resolution, engine settings (SQLite WAL), Alembic migrations to head."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DB = "claimgraph.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or used; the message says which and why."""


def resolve_url(db: Optional[str]) -> str:
    """A SQLAlchemy URL for --db: a URL as given, else a SQLite file path; default $CLAIMGRAPH_DB or ./claimgraph.db."""
    db = db or os.environ.get("CLAIMGRAPH_DB") or DEFAULT_DB
    if "://" in db:
        try:
            url = make_url(db)
        except ArgumentError as e:
            raise StoreError(f"--db {db!r} is not a valid database URL") from e
        if url.drivername == "postgresql":  # use psycopg 3, the driver claimgraph ships with
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.is_dir():
                raise StoreError(f"cannot create the store {path}: folder {parent} does not exist")
        # a web request holds one connection for its reads (Store.snapshot): room for many at once
        pool = {"pool_size": 20, "max_overflow": 100} if path and path != ":memory:" else {}
        engine = create_engine(url, connect_args={"timeout": 60}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def include_name(name, type_, parent_names) -> bool:
    """For Alembic's comparisons: the full-text index (SQLite FTS5 tables, PostgreSQL GIN index
    ix_documents_fts) is managed by hand in migrations."""
    if type_ == "index" and name == "ix_documents_fts":
        return False
    return not (type_ == "table" and name and name.startswith("documents_fts"))


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> Optional[str]:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already)."""
    if current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # Python's sqlite3 runs DDL outside any transaction unless one is begun by hand: without this, a
            # process killed half-way through creating a store left tables but no version, and the store
            # could not be opened again ("table documents already exists"). IMMEDIATE: one migrator at a time.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            if MigrationContext.configure(conn).get_current_revision() == head_revision():
                return  # another process migrated it while this one waited
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
