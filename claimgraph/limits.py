"""Per-document limits: how long extraction may take on one document (size is capped at ingest, ``max_bytes``).

A time limit is enforced by interrupting the Python code that runs over it: in the main thread by a
``SIGALRM`` timer, in any other thread (the web app runs ingests in worker threads) by an asynchronous
exception set on that thread. Either way ``ExtractionTimeout`` is raised at the next Python instruction
of the thread: Python loops are stopped at once, C code (a spaCy layer, one regular-expression match) when
it returns to Python. spaCy does so between layers and pieces are at most 100,000 characters (see
``extract/nlp.py``); a single regular-expression match that backtracked for ever would not be stopped.

Deadlines nest (a batch's budget and, inside it, one document's); each ``deadline`` block claims the
timeout only when its own time is up, so an inner block lets an outer block's timeout pass through.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

DEFAULT_MAX_SECONDS = 120.0  # per document: a 5 MiB text (the default --max-bytes) parses in about a minute here


class ExtractionTimeout(Exception):
    """Raised inside a block that ran past its deadline."""


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.expired = False


_local = threading.local()
_signal_installed = False


def _stack() -> list:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def _on_alarm(_signum, _frame) -> None:
    now = time.monotonic()
    stack = _stack()
    if any(d.expires <= now for d in stack):
        raise ExtractionTimeout()
    _arm_signal()  # woke early (an outer deadline was armed for longer than the inner one): re-arm


def _arm_signal() -> None:
    stack = _stack()
    if not stack:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    left = min(d.expires for d in stack) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _set_async_exc(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _can_use_signal() -> bool:
    return (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm))


@contextmanager
def deadline(seconds: Optional[float]) -> Iterator[_Deadline]:
    """Run a block for at most ``seconds`` (no limit for None or <= 0); raises ExtractionTimeout when it
    runs over. The returned object's ``expired`` says whether this block's own time ran out."""
    if not seconds or seconds <= 0:
        yield _Deadline(float("inf"))
        return
    d = _Deadline(seconds)
    stack = _stack()
    if _can_use_signal():
        global _signal_installed
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        _signal_installed = True
        stack.append(d)
        _arm_signal()
        try:
            yield d
        except ExtractionTimeout:
            if time.monotonic() < d.expires:
                raise  # an outer block's deadline
            d.expired = True
            raise
        finally:
            stack.remove(d)
            _arm_signal()
            if not stack:
                signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        return
    # another thread: a timer thread raises ExtractionTimeout in this one
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async_exc(target, ExtractionTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    stack.append(d)
    timer.start()
    try:
        yield d
    except ExtractionTimeout:
        if time.monotonic() < d.expires:
            raise
        d.expired = True
        raise
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:
                _set_async_exc(target, None)  # clear it if it has not been raised yet
        stack.remove(d)


_warm = False
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Load what extraction loads once per process (the spaCy model, the normalisers' tables), outside any
    deadline: a timeout must never interrupt a module import or a shared table half-built."""
    global _warm
    if _warm:
        return
    with _warm_lock:
        if not _warm:
            from claimgraph.extract import extract_documents

            list(extract_documents([("warm-up", "Officials in Kyiv said on Monday that 3,000 troops had "
                                     "arrived, the ministry reported.", "2024-01-02", None)]))
            _warm = True


def describe(seconds: float) -> str:
    return f"{seconds:g} s"


def env_max_seconds() -> float:
    """The per-document time limit from $CLAIMGRAPH_MAX_SECONDS, else the default."""
    value = os.environ.get("CLAIMGRAPH_MAX_SECONDS")
    if not value:
        return DEFAULT_MAX_SECONDS
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"$CLAIMGRAPH_MAX_SECONDS must be a number of seconds, not {value!r}") from None
