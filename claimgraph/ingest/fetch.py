"""Fetching http(s) URLs safely: public addresses only (unless allowed), few redirects, capped size/time."""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlparse

import httpx

from claimgraph import __version__

MAX_REDIRECTS = 5
USER_AGENT = f"claimgraph/{__version__} (+https://github.com/claimgraph)"


class FetchError(Exception):
    """The URL could not be fetched; the message says why in words a user understands."""


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    content: bytes
    content_type: str
    status: int = 200  # 304 when a conditional request (If-None-Match / If-Modified-Since) found no change
    headers: dict[str, str] = field(default_factory=dict)  # response headers, lower-case names


def _check_address(url: str, allow_private: bool) -> None:
    parts = urlparse(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {parts.scheme!r} (only http and https)")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise FetchError(f"unreachable URL: cannot resolve host {host!r} ({e.strerror})") from e
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
                or addr.is_multicast or addr.is_unspecified):
            raise FetchError(
                f"refused: {host} resolves to the non-public address {addr} "
                "(use --allow-private-urls to fetch from local or private networks)"
            )


def fetch(url: str, *, max_bytes: int, timeout: float = 20.0, allow_private: bool = False,
          client: Optional[httpx.Client] = None, headers: Optional[dict[str, str]] = None) -> Fetched:
    """GET a URL, following at most MAX_REDIRECTS redirects, each hop checked against the address rule.
    ``headers`` are sent with every hop (conditional requests); a 304 answer comes back with no content."""
    own = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(timeout), headers={"User-Agent": USER_AGENT},
                                     follow_redirects=False)
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_address(url, allow_private)
            try:
                with client.stream("GET", url, headers=headers) as resp:
                    if resp.status_code == 304:  # Not Modified: an answer to a conditional request, not a redirect
                        return Fetched(url=str(resp.url), content=b"", content_type="", status=304,
                                       headers={k.lower(): v for k, v in resp.headers.items()})
                    if resp.is_redirect:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {resp.status_code} redirect without a Location")
                        url = urljoin(url, location)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"unreachable URL: HTTP {resp.status_code} {resp.reason_phrase}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"too large: {int(declared):,} bytes is over the limit of {max_bytes:,}")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():  # decoded: a gzip bomb is stopped by the cap too
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"too large: over the size limit of {max_bytes:,} bytes")
                        chunks.append(chunk)
                    return Fetched(url=str(resp.url), content=b"".join(chunks),
                                   content_type=resp.headers.get("content-type", "").lower(),
                                   status=resp.status_code, headers={k.lower(): v for k, v in resp.headers.items()})
            except httpx.TimeoutException as e:
                raise FetchError(f"unreachable URL: timed out after {timeout:g} s") from e
            except httpx.HTTPError as e:
                raise FetchError(f"unreachable URL: {type(e).__name__}: {e}") from e
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
    finally:
        if own:
            client.close()
