"""API keys the sandbox accepts, each with Ashby's per-module permissions and confidential toggle."""

from __future__ import annotations

from dataclasses import dataclass

from ashby.registry import all_permissions, permission_to_scope


@dataclass(frozen=True, slots=True)
class SandboxKey:
    """One API key. ``permissions=None`` grants every permission the registry knows."""

    key: str
    permissions: frozenset[str] | None = None
    allow_confidential: bool = True
    title: str = "Sandbox API key"

    def __post_init__(self) -> None:
        if not self.key or ":" in self.key:
            raise ValueError("an API key must be non-empty and must not contain ':'")
        if self.permissions is not None:
            unknown = self.permissions - all_permissions()
            if unknown:
                raise ValueError(f"unknown Ashby permissions: {', '.join(sorted(unknown))}")

    def allows(self, permission: str) -> bool:
        return self.permissions is None or permission in self.permissions

    @property
    def full_access(self) -> bool:
        """Every permission plus confidential access: what the ``/_sandbox`` control surface needs."""
        granted = all_permissions() if self.permissions is None else self.permissions
        return self.allow_confidential and granted >= all_permissions()

    def scopes(self) -> list[str]:
        """The ``apiKey.info`` form: ``candidates:read`` ..."""
        granted = all_permissions() if self.permissions is None else self.permissions
        return sorted(permission_to_scope(permission) for permission in granted)


DEFAULT_KEYS = (SandboxKey("sandbox"),)
