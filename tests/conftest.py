"""Shared fixtures: paths to the project's fixtures and ../shared, stores on SQLite and PostgreSQL."""
from __future__ import annotations

import inspect
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


STORES = {"sqlite": ["sqlite"], "postgres": ["postgres"], "both": ["sqlite", "postgres"]}


def pytest_addoption(parser):
    parser.addoption("--store", choices=sorted(STORES), default=os.environ.get("CLAIMGRAPH_TEST_STORE", "both"),
                     help="Store(s) that tests using the `cg` or `store_url` fixtures run against: sqlite, postgres "
                          "(a fresh database per test on $CLAIMGRAPH_TEST_PG's server; skipped when none is "
                          "reachable) or both (default: the PostgreSQL runs add about a tenth to the suite's time).")


def pytest_generate_tests(metafunc):
    """Run every test that opens its store through `cg` or `store_url` on the chosen backends. A test that
    also asks for `db_path` itself reads the SQLite file, so it stays on SQLite."""
    if "store_backend" not in metafunc.fixturenames:
        return
    backends = STORES[metafunc.config.getoption("--store")]
    own = set(inspect.signature(metafunc.function).parameters)
    if "db_path" in own and "store_url" not in own:
        backends = ["sqlite"]
    if backends != ["sqlite"]:  # the default keeps test ids as they were
        metafunc.parametrize("store_backend", backends, indirect=True)


@pytest.fixture
def store_backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def store_url(store_backend, db_path, request) -> str:
    """A fresh store: the SQLite file db_path, or a new PostgreSQL database (--store)."""
    if store_backend == "postgres":
        return request.getfixturevalue("pg_url")
    return db_path


@pytest.fixture
def cg(store_url):
    with claimgraph.open(store_url) as handle:
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
