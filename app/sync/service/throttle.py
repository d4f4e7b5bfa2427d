"""Failed token checks counted per client (an IPv4 address or an IPv6 /64), so that
a client sending bad tokens is answered 429 without the tokens being reloaded.

A good token is checked first and never counted or held off: stations behind one
address (a township's shared line) keep working while someone there guesses.
Per process: with several `ncms serve` workers a client gets this allowance in
each, still a handful of cheap checks a second at most, which is all this is for.
The count fades after the window, and the table is bounded.
"""

from __future__ import annotations

import ipaddress
from collections import deque

_PRUNE_ABOVE = 10_000  # addresses remembered before the stale ones are dropped


def client_group(address: str) -> str:
    """What one client is counted as: its IPv4 address, or its IPv6 /64 (a host
    picks any address in its /64 at will, so counting single ones counts nothing)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


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
            if len(self._seen) > _PRUNE_ABOVE:
                # Still full of live ones (a flood from many addresses): forget the
                # quietest half, so memory stays bounded and the scan rare.
                by_last = sorted(self._seen, key=lambda a: self._seen[a][-1])
                for quiet in by_last[: len(by_last) // 2]:
                    del self._seen[quiet]
