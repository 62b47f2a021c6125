"""Shared fixtures: paths to the project's fixtures and ../shared, stores on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

import claimgraph

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = (HERE.parent.parent / "shared").resolve()
PG_ADMIN_URL = os.environ.get("CLAIMGRAPH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "schema" / "export.schema.json").exists():
        pytest.skip(f"../shared not found at {SHARED}")
    return SHARED


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def cg(db_path):
    with claimgraph.open(db_path) as handle:
        yield handle


def _pg_admin():
    try:
        import psycopg

        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as e:  # noqa: BLE001 - any failure means: no server to test against
        pytest.skip(f"no PostgreSQL server reachable at {PG_ADMIN_URL} ({type(e).__name__}: {e})")


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    admin = _pg_admin()
    name = "claimgraph_test_" + uuid.uuid4().hex[:12]
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
