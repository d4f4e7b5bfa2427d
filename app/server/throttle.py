"""Failed token checks counted per client address, so that one address sending bad
tokens is answered 429 before its tokens are even looked at.

Per process: with several `ncms serve` workers an address gets this allowance in
each, still a handful of cheap checks a second at most, which is all this is for.
Stations behind one address (a township's shared line) share its allowance; a
station with a good token is never counted, and the count fades after the window.
"""

from __future__ import annotations

from collections import deque

_PRUNE_ABOVE = 10_000  # addresses remembered before the stale ones are dropped


class FailedAttempts:
    def __init__(self, allowed: int, window: float) -> None:
        self.allowed = allowed
        self.window = window
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, address: str, now: float) -> float | None:
        """Seconds until `address` may try again, or None if it may now."""
        times = self._seen.get(address)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._seen[address]
            return None
        if len(times) < self.allowed:
            return None
        return self.window - (now - times[0])

    def record(self, address: str, now: float) -> None:
        self._seen.setdefault(address, deque()).append(now)
        if len(self._seen) > _PRUNE_ABOVE:
            for stale in [a for a, t in self._seen.items() if now - t[-1] >= self.window]:
                del self._seen[stale]
