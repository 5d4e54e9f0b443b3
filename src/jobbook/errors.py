"""The errors the command line answers with a message instead of a traceback."""

from __future__ import annotations


class BuildError(Exception):
    """A build or print step stopped; the message says where and why, and the old site is untouched."""


class UsageError(Exception):
    """A problem with a command's input or arguments."""
