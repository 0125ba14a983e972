"""Plain-language understanding: normalise what was typed, spot the entities it names, pick the intent.

The public surface is small: ``build_vocabulary`` (from plain records, no I/O) and ``understand`` (a pure
function of the text and the vocabulary) returning a ``Reading``.
"""

from .parse import Reading, understand
from .vocabulary import JobEntry, UserEntry, Vocabulary, build_vocabulary

__all__ = ["JobEntry", "Reading", "UserEntry", "Vocabulary", "build_vocabulary", "understand"]
