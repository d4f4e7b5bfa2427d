"""The window's way to the county: the exchange keeps the token, reads it and the keys
before a sync starts, and looks whether the county answers."""

from __future__ import annotations

import socket
import threading

import pytest

from app.errors import NcmsError, PermissionDenied
from app.security import sync_tokens
from app.sync.exchange import PackageExchange
from app.sync.online.tus import LinkPolicy
from tests.app.helpers import CLERK
from tests.app.sync.helpers import ADMIN, Side


def _exchange(station: Side) -> PackageExchange:
    return PackageExchange(station.db, lambda: station.secrets)


def test_a_sync_without_a_token_is_refused_before_it_starts(station: Side) -> None:
    with pytest.raises(NcmsError) as refused:
        _exchange(station).online("http://127.0.0.1:9", LinkPolicy())
    assert refused.value.key == "sync.no_token"


def test_the_administrator_stores_the_token_the_round_then_carries(station: Side) -> None:
    exchange = _exchange(station)
    token = sync_tokens.new_token()
    with pytest.raises(PermissionDenied):
        exchange.store_token(CLERK, token)
    exchange.store_token(ADMIN, token.lower().replace("-", " "))
    assert station.secrets.get(sync_tokens.STATION_KEY) == token
    cancelled = threading.Event()
    policy = LinkPolicy(give_up_after=1.0)
    ready = exchange.online("http://127.0.0.1:9", policy, cancelled=cancelled)
    assert ready.token == token and ready.policy is policy and ready.cancelled is cancelled
    assert ready.keys.age_identity == station.keys.age_identity  # from the same store


def test_a_county_that_is_not_there_does_not_answer(station: Side) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not _exchange(station).county_answers(f"http://127.0.0.1:{port}")
