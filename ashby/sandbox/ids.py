"""Identifier generation: deterministic per seed for seeded data, random for runtime writes."""

from __future__ import annotations

import os
import random
import time
import uuid

_NAMESPACE = uuid.UUID("6f1c9a52-3f5e-4c7b-9a0e-2b7d8c4e5a10")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class SeedIds:
    """Ids for one seed.

    ``stable`` ids depend only on the seed and a name (the fixed cast keeps the same ids whatever the
    crowd size); ``fresh`` ids come from the seed's random stream (cheap, for the generated crowd).
    """

    def __init__(self, seed: int, rng: random.Random) -> None:
        self._seed = seed
        self._rng = rng

    def stable(self, *parts: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self._seed}:" + ":".join(parts)))

    def fresh(self) -> str:
        return uuid_from_bits(self._rng.getrandbits(128))


def uuid_from_bits(bits: int) -> str:
    """A version-4-shaped UUID string from 128 random bits, without ``uuid.UUID`` overhead."""
    h = f"{bits:032x}"
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


def new_id() -> str:
    """A random UUID for records created through the API."""
    return str(uuid.uuid4())


def request_id() -> str:
    """A ULID (48-bit ms time + 80 random bits, Crockford base32), like Ashby's request ids."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))
