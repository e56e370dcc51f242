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


@pytest.mark.parametrize(
    "address",
    [
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:808:808::1",  # 6to4 of a public address: the relay path is refused as a whole
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "::a00:1",  # IPv4-compatible
        "::ffff:0:a00:1",  # IPv4-translated (SIIT)
        "192.88.99.1",  # 6to4 relay anycast
    ],
)
def test_transition_ranges_are_forbidden(address: str) -> None:
    assert is_forbidden(ipaddress.ip_address(address), allow_loopback=True)


@pytest.mark.parametrize("url", ["https://[2002:a00:1::1]/hook", "https://[2002:7f00:1::1]/hook"])
async def test_a_6to4_address_of_the_internal_network_is_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        await check(url, allow_loopback=False, timeout=2)


@pytest.mark.parametrize("url", ["https://8.8.8.8:8443/hook", "https://8.8.8.8:22/", "https://8.8.8.8:6379/"])
async def test_only_port_443_is_called(url: str) -> None:
    with pytest.raises(UnsafeUrl, match="443"):
        await check(url, allow_loopback=False, timeout=2)


async def test_another_port_may_be_allowed_by_the_settings() -> None:
    await check("https://8.8.8.8:8443/hook", allow_loopback=False, timeout=2, ports=frozenset({443, 8443}))


async def test_a_name_that_does_not_resolve_and_a_private_one_get_the_same_answer() -> None:
    refusals = []
    for url in ("https://kipni-test.invalid/hook", "https://localhost/hook", "https://10.0.0.1/hook"):
        with pytest.raises(UnsafeUrl) as refused:
            await check(url, allow_loopback=False, timeout=2)
        refusals.append(str(refused.value))

    assert len(set(refusals)) == 1
    assert "resolve" not in refusals[0]
