"""The bot's settings, from the environment or a ``.env`` file.

Names are the ones in DESIGN.md and ``.env.example``. A missing or malformed setting becomes one clear
line naming the variable and how to fix it, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ashby.access import ROLES
from handlers.notify.preferences import parse_quiet_hours

#: What each setting is, for error lines: where an admin finds the value.
HINTS = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, for Socket Mode",
    "SLACK_API_URL": "the Slack Web API base URL, e.g. https://slack.com/api/",
    "ASHBY_API_KEY": "an Ashby API key from Ashby Admin > Integrations > API Keys",
    "ASHBY_API_URL": "the Ashby API base URL, e.g. https://api.ashbyhq.com",
    "ASHBY_WEBHOOK_SECRET": "the secret token you gave Ashby for its webhooks",
    "REDIS_URL": "a Redis URL such as redis://localhost:6379/0",
    "PORT": "the HTTP port, 1-65535",
    "INDEX_REFRESH_SECONDS": "seconds between incremental refreshes of the candidate index (at least 5)",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "WRITE_ROLES": "comma-separated Ashby roles that may act on any non-confidential job",
    "AUDIT_NOTES": "true or false: note each action from Slack on the candidate in Ashby",
}


class SettingsError(Exception):
    """One line per problem, each naming the variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True)

    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_API_URL: str = "https://slack.com/api/"
    ASHBY_API_KEY: SecretStr | None = None
    ASHBY_API_URL: str = "https://api.ashbyhq.com"
    ASHBY_WEBHOOK_SECRET: SecretStr | None = None
    REDIS_URL: str | None = None
    PORT: int = Field(default=3000, ge=1, le=65535)
    INDEX_REFRESH_SECONDS: float = Field(default=60.0, ge=5)
    LOG_LEVEL: str = "INFO"
    WRITE_ROLES: str = "Organization Admin,Elevated Access"
    AUDIT_NOTES: bool = True
    #: Off: Ashby events still refresh the caches and approval cards, but nobody is notified.
    NOTIFICATIONS_ENABLED: bool = True
    #: Everyone's quiet hours until they pick their own, in their Slack time zone: "20-8" or "off".
    QUIET_HOURS: str = "20-8"
    #: Notifications wait this long for more of a burst (and at most the max after the first) before going out.
    NOTIFY_GROUP_SECONDS: float = Field(default=10.0, ge=0)
    NOTIFY_GROUP_MAX_SECONDS: float = Field(default=60.0, ge=0)
    #: The interview loop: reminders to write a scorecard start this long after the interview ends, then come
    #: once a working day for REMINDER_DAYS days, after which the recruiter and hiring manager are told.
    REMINDER_FIRST_MINUTES: int = Field(default=60, ge=0)
    REMINDER_DAYS: int = Field(default=3, ge=0, le=10)
    #: Everyone gets the weekday digest unless they turn it off (false: only those who turn it on).
    DIGEST_BY_DEFAULT: bool = False
    #: An approver whose approval has waited this long gets one nudge.
    APPROVAL_NUDGE_HOURS: float = Field(default=24.0, gt=0)
    #: A queued Ashby event left unacknowledged this long (its replica died) is taken over by another.
    EVENT_CLAIM_SECONDS: float = Field(default=60.0, gt=0)

    @field_validator("SLACK_API_URL", "ASHBY_API_URL")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("SLACK_API_URL")
    @classmethod
    def _slack_api_slash(cls, value: str) -> str:
        # slack_sdk appends method names to the base URL: without the slash "…/api" + "auth.test" breaks.
        return value if value.endswith("/") else value + "/"

    @field_validator("SLACK_SIGNING_SECRET", "ASHBY_WEBHOOK_SECRET")
    @classmethod
    def _empty_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value() else None

    @field_validator("REDIS_URL")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            return None
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("WRITE_ROLES")
    @classmethod
    def _write_roles(cls, value: str) -> str:
        unknown = {role.strip() for role in value.split(",") if role.strip()} - set(ROLES)
        if unknown:
            raise ValueError(f"unknown Ashby role(s): {', '.join(sorted(unknown))}; roles are {', '.join(ROLES)}")
        return value

    @field_validator("QUIET_HOURS")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @property
    def quiet_hours(self) -> tuple[int | None, int | None]:
        return parse_quiet_hours(self.QUIET_HOURS)

    @property
    def write_roles(self) -> frozenset[str]:
        return frozenset(role.strip() for role in self.WRITE_ROLES.split(",") if role.strip())

    @property
    def socket_mode(self) -> bool:
        return self.SLACK_APP_TOKEN is not None


def load_settings(*, require: Iterable[str] = (), env_file: str | None = ".env") -> Settings:
    """Read and check the settings; raise ``SettingsError`` listing every problem, one line each."""
    problems: list[str] = []
    try:
        settings = Settings(_env_file=env_file)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "settings"
            reason = error["msg"].removeprefix("Value error, ")
            problems.append(f"{name} is invalid: {reason} (expected {HINTS.get(name, 'a valid value')})")
        raise SettingsError(problems) from None
    for name in require:
        if not getattr(settings, name):
            problems.append(f"{name} is missing: set it to {HINTS[name]}")
    if problems:
        raise SettingsError(problems)
    return settings
