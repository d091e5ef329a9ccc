"""The one error users see for bad input: it names the file and the reason on one line."""
from __future__ import annotations


class BadInput(Exception):
    """Input that cannot be tagged: missing, empty, binary or undecodable (SPEC §5: exit status 2)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        """Pickle by the two constructor arguments (the default would pass only the message)."""
        return BadInput, (self.source, self.reason)


class NotText(TypeError):
    """A library call given something other than a ``str`` to tag (``tag_text(None)``)."""
