"""One signed POST to a receiver, with short timeouts, no redirects, no proxies from the
environment, and (outside local development and tests) connections to public addresses only:
the address is checked when the socket is opened, after DNS resolution, so a host name that
resolves to an internal address at send time is refused too (see validators.py)."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from .validators import address_is_public, host_addresses

USER_AGENT = "factcheck-webhooks/1"
ERROR_MAX_CHARS = 1000


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status_code: int | None
    error: str


class _PublicOnlyConnectionMixin:
    def _new_conn(self):
        host = self._dns_host
        # The delivery log shows this error to the client: one message, naming no address,
        # whether the name does not resolve or resolves to an internal one.
        refused = f"Refused: {self.host} does not resolve to a public address."
        try:
            addresses = host_addresses(host, self.port)
        except OSError as error:
            raise NewConnectionError(self, refused) from error
        if not addresses or not all(address_is_public(address) for address in addresses):
            raise NewConnectionError(self, refused)
        last_error: Exception | None = None
        for address in addresses:
            # Connect to the address just checked, not to a second resolution of the name;
            # `host` (Host header, TLS server name) stays the name.
            self._dns_host = address
            try:
                return super()._new_conn()
            except ConnectTimeoutError as error:  # NewConnectionError included
                last_error = error
            finally:
                self._dns_host = host
        raise last_error


class _PublicOnlyHTTPConnection(_PublicOnlyConnectionMixin, HTTPConnection):
    pass


class _PublicOnlyHTTPSConnection(_PublicOnlyConnectionMixin, HTTPSConnection):
    pass


class _PublicOnlyHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicOnlyHTTPConnection


class _PublicOnlyHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicOnlyHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicOnlyHTTPPool,
            "https": _PublicOnlyHTTPSPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        adapter = PublicOnlyAdapter(max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def post(*, url: str, body: bytes, headers: dict[str, str]) -> SendResult:
    """POST `body`; a 2xx answer is a success, anything else (a redirect included, a timeout, a
    refused connection) a failure described in `error`. The response body is never read."""
    timeout = (settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT)
    try:
        with _session() as session:
            response = session.post(
                url,
                data=body,
                headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
                timeout=timeout,
                allow_redirects=False,
                stream=True,
            )
            response.close()
    except requests.Timeout as error:
        return SendResult(ok=False, status_code=None, error=_short(f"Timed out: {error}"))
    except requests.RequestException as error:
        return SendResult(
            ok=False, status_code=None, error=_short(f"{type(error).__name__}: {error}")
        )
    code = response.status_code
    if 200 <= code < 300:
        return SendResult(ok=True, status_code=code, error="")
    if 300 <= code < 400:
        error = f"HTTP {code} (redirects are not followed): {response.headers.get('Location', '')}"
    else:
        error = f"HTTP {code} {response.reason or ''}".strip()
    return SendResult(ok=False, status_code=code, error=_short(error))


def _short(text: str) -> str:
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"
