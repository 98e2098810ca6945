"""Which URLs a webhook may target.

A webhook makes this service send requests to an address chosen by a client: without a check,
a client could make it call internal services (the database, Redis, a cloud metadata
endpoint) — server-side request forgery. Outside local development and tests
(`WEBHOOK_ALLOW_PRIVATE_TARGETS`), only public addresses are accepted: when a subscription is
created (here) and again when each request connects (transport.py), since a host name can be
made to resolve elsewhere later."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

URL_MAX_LENGTH = 2000
_url_syntax = URLValidator(
    schemes=["http", "https"], message="Enter a valid http:// or https:// URL."
)


def address_is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    shared, reserved, multicast or unspecified)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def host_addresses(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (raises socket.gaierror when it does not)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def webhook_url_validate(url: str, *, allow_private: bool | None = None) -> None:
    """Raise ValidationError unless `url` is an http(s) URL a webhook may be sent to."""
    if allow_private is None:
        allow_private = settings.WEBHOOK_ALLOW_PRIVATE_TARGETS
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(
            f"Ensure this field has no more than {URL_MAX_LENGTH} characters.", code="max_length"
        )
    _url_syntax(url)
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError("The port is not valid.", code="invalid") from error
    # They would be sent in clear in every request and shown in logs; receivers check the
    # signature instead.
    if parts.username or parts.password:
        raise ValidationError("Credentials in the URL are not accepted.", code="credentials")
    if allow_private:
        return
    try:
        addresses = host_addresses(parts.hostname or "", port)
    except (OSError, UnicodeError) as error:
        raise ValidationError("The host name does not resolve.", code="unresolvable") from error
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise ValidationError(
            "The URL points to a private, loopback or link-local address; webhooks are sent "
            "to public addresses only.",
            code="private_address",
        )
