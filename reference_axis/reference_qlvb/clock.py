"""The agent's clock, injectable so that the harness can align it with the axis clock.

A clock is any zero-argument callable returning an aware datetime. `vn_now(clock)` gives the
moment in Vietnam time (+07:00) whatever the clock returns (a naive value is taken as Vietnam wall
time).

    SystemClock()                     the machine's time
    OffsetClock.starting_at(moment)   runs in real time from `moment` (align with the axis'
                                      "offset" clock mode)
    ManualClock(moment)               stands still until `set` / `advance` (unit tests)
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from conformance.timing.formats import VN_TZ

Clock = Callable[[], dt.datetime]


def vn_now(clock: Clock) -> dt.datetime:
    moment = clock()
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


class SystemClock:
    def __call__(self) -> dt.datetime:
        return dt.datetime.now(VN_TZ)


class OffsetClock:
    """Real time shifted by `offset` (what the axis does in its "offset" clock mode)."""

    def __init__(self, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.offset = offset

    @classmethod
    def starting_at(cls, moment: dt.datetime) -> OffsetClock:
        return cls(_aware(moment) - dt.datetime.now(dt.UTC))

    def set(self, moment: dt.datetime) -> None:
        self.offset = _aware(moment) - dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return (dt.datetime.now(dt.UTC) + self.offset).astimezone(VN_TZ)


class ManualClock:
    """A clock that moves only when told to (thread-safe)."""

    def __init__(self, moment: dt.datetime) -> None:
        self._moment = _aware(moment)
        self._lock = threading.Lock()

    def set(self, moment: dt.datetime) -> None:
        with self._lock:
            self._moment = _aware(moment)

    def advance(self, delta: dt.timedelta | None = None, **kwargs: float) -> dt.datetime:
        with self._lock:
            self._moment += delta if delta is not None else dt.timedelta(**kwargs)
            return self._moment

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self._moment.astimezone(VN_TZ)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment
