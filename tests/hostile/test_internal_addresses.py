"""Addresses found inside content never reach an internal service (SSRF).

The feed the user names is on 127.0.0.1 (these tests have no other network), so it is
fetched as given; the internal service is another port, reached through every form an
address can take. It must never receive a request unless the user allows it.
"""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks._hostile import Behaviour, HostileServer
from briefing.errors import RefusedAddress, SkippedInput
from briefing.readers import read_inputs
from briefing.readers.addresses import AddressPolicy, describe_ip, same_host
from briefing.readers.feeds import Link
from briefing.readers.http import Fetcher, FetchOptions
from briefing.readers.web import WebOptions, read_web
from tests.conftest import article_page, rss_feed

QUICK = FetchOptions(timeout=1.0, deadline=3.0, retries=0, backoff=0.0)
TEASER = "The council published a short note about the harbour…"
PARAGRAPHS = [
    "The harbour board met on Friday to agree the dredging plan for the outer channel. "
    "Its members said larger boats had run aground twice this winter at low tide.",
    "Work will start in May and is expected to last six weeks, the board said. "
    "Fishing crews will be able to use the inner quay while the channel is closed.",
]


def forms(server: HostileServer, path: str) -> list[str]:
    """The internal service's address written every way that leads to it."""
    port = server.port
    return [
        f"http://localhost:{port}{path}",
        f"http://127.0.0.1:{port}{path}",
        f"http://127.0.0.2:{port}{path}",
        f"http://0x7f000001:{port}{path}",
        f"http://2130706433:{port}{path}",
        f"http://[::ffff:127.0.0.1]:{port}{path}",
        f"http://[::1]:{port}{path}",
        f"http://news.example.org@127.0.0.1:{port}{path}",
        f"http://user:secret@localhost:{port}{path}",
        f"http://169.254.169.254{path}",
        f"http://10.1.2.3{path}",
    ]


def feed_listing(hostile: HostileServer, urls: list[str]) -> str:
    entries = [{"title": f"Entry {n}", "link": u, "summary": TEASER} for n, u in enumerate(urls)]
    return hostile.add("/feed.xml", Behaviour("ok", rss_feed("Listing", entries), "text/xml"))


def test_entries_of_a_fetched_feed_never_reach_an_internal_service(
    hostile: HostileServer, internal: HostileServer
):
    internal.add("/secret", Behaviour("ok", article_page("Internal", PARAGRAPHS)))
    urls = forms(internal, "/secret")
    feed = feed_listing(hostile, urls)
    result = read_web([Link(feed)], WebOptions(fetch=QUICK))
    assert internal.requests == 0
    assert result.articles == ()
    reasons = {s.name: s.reason or "" for s in result.sources[1:]}
    assert len(reasons) == len(urls)
    assert all(reason.startswith("refused: ") for reason in reasons.values()), reasons
    assert "is a loopback address (127.0.0.1)" in reasons[urls[0]]
    assert "is a cloud metadata address (169.254.169.254)" in reasons[urls[9]]
    assert "is a private address (10.1.2.3)" in reasons[urls[10]]
    assert reasons[urls[8]] == "refused: the address carries a user name or password"
    # Every refusal is a skipped input too (the briefing's list and stderr).
    assert {s.input for s in result.skipped} == set(urls)


def test_entries_on_the_feeds_own_host_are_read(hostile: HostileServer):
    title = "Harbour channel to be dredged"
    page = hostile.add("/harbour", Behaviour("ok", article_page(title, PARAGRAPHS)))
    feed = feed_listing(hostile, [page])
    result = read_web([Link(feed)], WebOptions(fetch=QUICK))
    assert [a.title for a in result.articles] == ["Entry 0"]
    assert hostile.hits["/harbour"] == 1


@pytest.mark.parametrize(
    "policy",
    [AddressPolicy(allow_private=True), AddressPolicy(allow_hosts=("localhost",))],
    ids=["allow_private", "allow_hosts"],
)
def test_the_user_may_allow_internal_addresses(
    hostile: HostileServer, internal: HostileServer, policy: AddressPolicy
):
    internal.add("/secret", Behaviour("ok", article_page("Internal", PARAGRAPHS)))
    feed = feed_listing(hostile, [internal.url("/secret", host="localhost")])
    result = read_web([Link(feed)], WebOptions(fetch=replace(QUICK, policy=policy)))
    assert len(result.articles) == 1
    assert internal.hits["/secret"] == 1


def test_a_redirect_to_an_internal_address_is_refused(
    hostile: HostileServer, internal: HostileServer
):
    internal.add("/admin", Behaviour("ok", b"<p>internal</p>"))
    target = internal.url("/admin", host="localhost")
    url = hostile.add("/moved", Behaviour("redirect", location=target))
    with Fetcher(QUICK) as fetcher, pytest.raises(SkippedInput) as caught:
        fetcher.fetch(url)  # The user named it; where it redirects is content.
    assert caught.value.reason.startswith("refused: localhost is a loopback address")
    assert caught.value.reason.endswith(f"(redirected to {target})")
    assert internal.requests == 0


def test_redirects_on_the_same_host_are_followed(hostile: HostileServer):
    hostile.add("/page", Behaviour("ok", b"<p>here</p>"))
    url = hostile.add("/old", Behaviour("redirect", location="/page"))
    with Fetcher(QUICK) as fetcher:
        assert fetcher.fetch(url).body == b"<p>here</p>"


def test_a_fetched_opml_list_is_content_and_a_local_one_is_not(
    hostile: HostileServer, internal: HostileServer, tmp_path: Path
):
    internal.add("/feed.xml", Behaviour("ok", rss_feed("Internal", []), "text/xml"))
    target = internal.url("/feed.xml", host="localhost")
    outline = f'<outline xmlUrl="{target}"/>'
    opml = f'<?xml version="1.0"?><opml version="2.0"><body>{outline}</body></opml>'
    listing = hostile.add("/subs.opml", Behaviour("ok", opml.encode(), "text/x-opml"))
    fetched = read_web([Link(listing)], WebOptions(fetch=QUICK))
    assert fetched.sources[0].reason is not None
    assert fetched.sources[0].reason.startswith("refused: localhost is a loopback address")
    assert internal.requests == 0
    # The user's own OPML file names addresses the user chose: fetched as given.
    local = tmp_path / "mine.opml"
    local.write_text(opml, encoding="utf-8")
    read_inputs([local], web=WebOptions(fetch=QUICK))
    assert internal.hits["/feed.xml"] == 1


def test_entries_of_a_local_feed_file_are_content(internal: HostileServer, tmp_path: Path):
    internal.add("/secret", Behaviour("ok", article_page("Internal", PARAGRAPHS)))
    path = tmp_path / "saved.rss"
    entries = [{"title": "Secret", "link": internal.url("/secret"), "summary": TEASER}]
    path.write_bytes(rss_feed("Saved", entries))
    result = read_inputs([path], web=WebOptions(fetch=QUICK))
    assert internal.requests == 0
    assert result.skipped[0].reason.startswith("refused: 127.0.0.1 is a loopback address")
    assert result.skipped[0].reason.endswith(f"(linked from {path})")


def test_a_name_that_turns_internal_after_the_check_is_refused_at_connect(
    hostile: HostileServer, internal: HostileServer, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding: public when checked, loopback when connecting. The connection
    resolves the name itself, checks the IP again and connects to the IP it checked."""
    internal.add("/secret", Behaviour("ok", b"<p>internal</p>"))
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def rebinding(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "rebind.example":
            ip = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.example:{internal.port}/secret"
    with Fetcher(QUICK) as fetcher, pytest.raises(SkippedInput) as caught:
        fetcher.fetch(url, via=hostile.url("/feed.xml"))
    assert caught.value.reason.startswith("refused: rebind.example is a loopback address")
    assert internal.requests == 0


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("2002:7f00:1::", "a loopback address"),  # 6to4 wrapping 127.0.0.1
        ("169.254.169.254", "a cloud metadata address"),
        ("fe80::1", "a link-local address"),
        ("192.168.1.20", "a private address"),
        ("100.64.0.1", "a non-public address"),
        ("0.0.0.0", "a reserved address"),
        ("224.0.0.1", "a reserved address"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_kinds_of_address(address: str, kind: str | None):
    import ipaddress

    assert describe_ip(ipaddress.ip_address(address)) == kind


def test_same_host_means_the_same_name_and_port():
    feed = "http://127.0.0.1:8000/feed.xml"
    assert same_host("http://127.0.0.1:8000/a", feed)
    assert not same_host("http://127.0.0.1:8001/a", feed)
    assert not same_host("http://localhost:8000/a", feed)
    assert same_host("https://intranet.example/a", "http://intranet.example/feed")
    assert not same_host("http://127.0.0.1/a", "/home/me/saved.rss")


def test_allow_hosts_takes_names_ips_and_networks():
    policy = AddressPolicy(allow_hosts=("intranet.example", "10.1.0.0/16", "::1"))
    assert policy.allows_host("INTRANET.example")
    assert policy.allows_host("10.1.44.2")
    assert policy.allows_host("[::1]")
    assert not policy.allows_host("10.2.0.1")
    with pytest.raises(RefusedAddress):
        policy.check_url("http://10.2.0.1/", "http://news.example.org/feed")
