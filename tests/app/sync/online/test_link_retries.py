"""The client's retry loop: waits double with jitter, start short again once the
county holds more, and give up with a plain reason only after a long silence."""

from __future__ import annotations

import pytest

from app.sync.online import tus
from app.sync.online.tus import CountyLink, LinkPolicy, SyncStopped, _Meter, _Retry


class _Clock:
    """Stands in for the cancel event's wait and for time itself."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return False  # never cancelled

    def is_set(self) -> bool:
        return False

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(tus.time, "monotonic", fake.monotonic)
    return fake


def _link(clock: _Clock, **policy: float) -> CountyLink:
    link = CountyLink("http://county.invalid", "T", LinkPolicy(**policy))
    link.cancelled = clock  # type: ignore[assignment]
    return link


def test_waits_double_with_jitter_up_to_the_longest(clock: _Clock) -> None:
    link = _link(clock, first_wait=1.0, longest_wait=8.0, give_up_after=1e9)
    failures = iter(range(7))

    def step() -> bool:
        if next(failures, None) is not None:
            raise _Retry("reset")
        return True

    link._persist(step, _Meter(100, None))
    link.close()
    ceilings = [1, 2, 4, 8, 8, 8, 8]
    assert len(clock.waits) == 7
    for wait, ceiling in zip(clock.waits, ceilings, strict=True):
        assert ceiling / 2 <= wait <= ceiling
    assert len({round(w, 6) for w in clock.waits}) > 1  # jittered, not in lockstep


def test_progress_at_the_county_starts_the_waits_short_again(clock: _Clock) -> None:
    link = _link(clock, first_wait=1.0, longest_wait=64.0, give_up_after=1e9)
    meter = _Meter(100, None)
    attempts = iter(range(8))

    def step() -> bool:
        n = next(attempts)
        if n == 4:
            meter.confirm(50)  # the county now holds half
        if n < 7:
            raise _Retry("reset")
        return True

    link._persist(step, meter)
    link.close()
    assert clock.waits[3] >= 4  # the fourth wait in a row: 8 s at most, 4 s at least
    assert clock.waits[4] <= 1  # bytes moved: short again


def test_a_long_silence_gives_up_with_a_reason(clock: _Clock) -> None:
    link = _link(clock, first_wait=1.0, longest_wait=60.0, give_up_after=600.0)

    def step() -> bool:
        raise _Retry("refused")

    with pytest.raises(SyncStopped) as stopped:
        link._persist(step, _Meter(100, None))
    link.close()
    assert "10 minutes" in str(stopped.value)
    assert 600 <= clock.now <= 600 + 60
