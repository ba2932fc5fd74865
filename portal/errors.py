"""The error a service raises when the data does not allow a write now."""

from __future__ import annotations


class Refused(Exception):
    """A write that the data does not allow now; the message says, in Swedish, what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
