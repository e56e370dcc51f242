"""Which addresses a webhook may point at, and the test setting that relaxes it."""

from __future__ import annotations

import ipaddress

import pytest
from pydantic import SecretStr, ValidationError

from api.core.config import Environment, Settings
from api.notifications.url_guard import UnsafeUrl, check, is_forbidden, pinned


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "100.64.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "240.0.0.1",
        "fe80::1",
    ],
)
def test_non_public_addresses_are_forbidden_even_with_loopback_allowed(address: str) -> None:
    assert is_forbidden(ipaddress.ip_address(address), allow_loopback=True)


def test_an_ipv4_mapped_ipv6_address_is_judged_by_its_ipv4_address() -> None:
    assert is_forbidden(ipaddress.ip_address("::ffff:192.168.0.1"), allow_loopback=False)
    assert not is_forbidden(ipaddress.ip_address("::ffff:8.8.8.8"), allow_loopback=False)


def test_public_addresses_are_allowed_and_loopback_only_by_the_test_setting() -> None:
    assert not is_forbidden(ipaddress.ip_address("8.8.8.8"), allow_loopback=False)
    assert not is_forbidden(ipaddress.ip_address("2001:4860:4860::8888"), allow_loopback=False)
    assert is_forbidden(ipaddress.ip_address("::1"), allow_loopback=False)
    assert not is_forbidden(ipaddress.ip_address("::1"), allow_loopback=True)


async def test_a_public_https_url_passes_and_an_http_one_does_not() -> None:
    await check("https://8.8.8.8/hook", allow_loopback=False, timeout=5)
    with pytest.raises(UnsafeUrl, match="https"):
        await check("http://8.8.8.8/hook", allow_loopback=False, timeout=5)


def test_production_refuses_loopback_webhooks() -> None:
    with pytest.raises(ValidationError, match="WEBHOOKS_ALLOW_LOOPBACK"):
        Settings(
            environment=Environment.production,
            jwt_secret=SecretStr("x" * 40),
            data_keys=SecretStr("k1:" + "A" * 43 + "="),
            webhooks_allow_loopback=True,
        )


def test_a_pinned_url_keeps_path_port_and_host_name() -> None:
    target, host_header, tls_name = pinned(
        "https://hooks.example.org:8443/kipni?x=1", ipaddress.ip_address("203.0.113.7")
    )

    assert target == "https://203.0.113.7:8443/kipni?x=1"
    assert host_header == "hooks.example.org:8443"
    assert tls_name == "hooks.example.org"


def test_a_pinned_ipv6_address_is_bracketed() -> None:
    target, _, _ = pinned("https://hooks.example.org/x", ipaddress.ip_address("2001:db8::1"))

    assert target == "https://[2001:db8::1]/x"


@pytest.mark.parametrize("url", ["https://a..b/", "https://.example/", "https://" + "a" * 64 + ".example/"])
async def test_a_host_that_cannot_be_encoded_is_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        await check(url, allow_loopback=False, timeout=2)
