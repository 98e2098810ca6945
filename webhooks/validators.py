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


# IPv6 ranges that carry an IPv4 address in their last 32 bits (NAT64 of RFC 6052, SIIT):
# such an address reaches that IPv4 address, so that one must be public too.
_IPV4_IN_LAST_32_BITS = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("::ffff:0:0:0/96"),
)
# Never a webhook's target: IPv4-compatible addresses (deprecated, `::a.b.c.d`, including `::`
# and `::1`) and the local-use NAT64 prefix (RFC 8215), whose translation is site-specific.
_NEVER_PUBLIC_V6 = (ipaddress.IPv6Network("::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _is_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


def address_is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    shared, reserved, multicast or unspecified), and so is every IPv4 address an IPv6 one
    embeds (IPv4-mapped, NAT64, SIIT, 6to4, Teredo)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_global(ip)
    if ip.ipv4_mapped is not None:
        return _is_global(ip.ipv4_mapped)
    if any(ip in network for network in _NEVER_PUBLIC_V6):
        return False
    embedded = [ip.sixtofour, *(ip.teredo or ())]
    if any(ip in network for network in _IPV4_IN_LAST_32_BITS):
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    found = [v4 for v4 in embedded if v4 is not None]
    if found:  # the IPv6 wrapper's own range may count as global: judge what it reaches
        return all(_is_global(v4) for v4 in found)
    return _is_global(ip)


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
    # One answer whether the name does not resolve or resolves to an internal address:
    # two would let a client map which internal host names exist.
    refused = ValidationError(
        "The host does not resolve to a public address; webhooks are sent to public "
        "addresses only.",
        code="target_not_public",
    )
    try:
        addresses = host_addresses(parts.hostname or "", port)
    except (OSError, UnicodeError) as error:
        raise refused from error
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise refused
