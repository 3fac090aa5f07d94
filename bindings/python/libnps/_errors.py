"""Exceptions: one class per nps_status, all under NpsError."""
from __future__ import annotations

from typing import Any, Dict, NoReturn, Optional, Type

from ._native import status_text

__all__ = [
    "NpsError", "InvalidArgumentError", "ScoreRangeError", "MissingScoreError",
    "OutOfMemoryError",
    "CountOverflowError", "ScaleMismatchError", "TooOldError", "FormatError",
    "VersionError", "BufferSizeError", "EmptyError", "TooNewError",
    "WeightError",
]


class NpsError(Exception):
    """A libnps call failed; ``status`` is the C status (a negative int)."""

    status: int = 0
    #: whether str(error) ends with the C status text
    _with_status_text = True

    def __init__(self, message: Optional[str] = None, status: Optional[int] = None):
        if status is not None:
            self.status = status
        text = status_text(self.status)
        if message and not self._with_status_text:
            text = ""
        super().__init__(f"{message}: {text}" if message and text else
                         (message or text))


# Subclasses also derive from the built-in exception a Python caller would
# naturally catch for the same mistake.
class InvalidArgumentError(NpsError, ValueError):
    """Bad argument: bad level, bad scale, bad method..."""
    status = -1


class WeightError(InvalidArgumentError):
    """A weight that is not a finite number > 0 (NaN, infinite, zero,
    negative, or outside [2**-448, 2**448]); nothing was added.

    ``index`` is the position of the first bad weight in a batch (None for
    a single answer) and ``value`` the offending weight.
    """
    index: Optional[int] = None
    value: Any = None


class ScoreRangeError(NpsError, ValueError):
    """A score outside the object's scale; nothing was added.

    ``index`` is the position of the first bad score in a batch (None for a
    single score) and ``value`` the offending score.
    """
    status = -2
    index: Optional[int] = None
    value: Any = None


class MissingScoreError(ScoreRangeError):
    """A missing answer (NaN, None, pd.NA) where answers were expected;
    pass ``skipna=True`` to skip them. Nothing was added."""
    _with_status_text = False


class OutOfMemoryError(NpsError, MemoryError):
    status = -3


class CountOverflowError(NpsError, OverflowError):
    """A count would leave [0, 2**64 - 1]; nothing changed."""
    status = -4


class ScaleMismatchError(NpsError, ValueError):
    """Objects on different scales, or timelines of different geometry."""
    status = -5


class TooOldError(NpsError, ValueError):
    """A timestamp before the timeline's retained window."""
    status = -6


class FormatError(NpsError, ValueError):
    """Malformed, truncated or corrupted bytes."""
    status = -7


class VersionError(NpsError, ValueError):
    """Bytes written by a newer format version."""
    status = -8


class BufferSizeError(NpsError):
    status = -9


class EmptyError(NpsError, ValueError):
    """The statistic is undefined for this data (e.g. no answers)."""
    status = -10


class TooNewError(NpsError, ValueError):
    """A timestamp beyond the timeline's horizon guard."""
    status = -11


_BY_STATUS: Dict[int, Type[NpsError]] = {
    cls.status: cls for cls in (
        InvalidArgumentError, ScoreRangeError, OutOfMemoryError,
        CountOverflowError, ScaleMismatchError, TooOldError, FormatError,
        VersionError, BufferSizeError, EmptyError, TooNewError)
}


def error_for(status: int, message: Optional[str] = None) -> NpsError:
    cls = _BY_STATUS.get(status)
    if cls is None:
        return NpsError(message, status)
    return cls(message)


def check(status: int, message: Optional[str] = None) -> None:
    if status != 0:
        raise error_for(status, message)


def fail(status: int, message: Optional[str] = None) -> NoReturn:
    raise error_for(status, message)
