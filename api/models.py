"""Keys for the write API and the record of what each key wrote.

A key (``ApiToken``) is a random string shown once when it is made; only its
SHA-256 hash is stored. Its scope is one committee (it writes that committee's
indicators) or the strategist (it writes every indicator). ``IngestRecord``
remembers every measurement a key wrote under the caller's external id, so a
batch sent twice is stored once.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from goals.models import Measurement
from portal.access import RoleSet
from portal.models import Committee, Membership, Role, User

TOKEN_PREFIX = "sp_"
STRATEGIST_SCOPE_KEY = "strategist"


def hash_token(raw: str) -> str:
    """The stored form of a key: its SHA-256 hex digest (a key is random, so no salt is needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Keys that have not been revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key for the write API, bound to one committee or to the strategist."""

    class Scope(models.TextChoices):
        COMMITTEE = "committee", _("En nämnd")
        STRATEGIST = "strategist", _("Strateg (alla nämnder)")

    name = models.CharField(_("namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. Kolada-import."))
    scope = models.CharField(_("behörighet"), max_length=20, choices=Scope.choices)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("nämnd"),
    )
    token_hash = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    # The first characters of the key, so that people can tell their keys apart.
    prefix = models.CharField(_("början av nyckeln"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="committee", committee__isnull=False)
                | models.Q(scope="strategist", committee__isnull=True),
                name="apitoken_committee_iff_committee_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, committee: Committee | None, created_by: User) -> tuple[ApiToken, str]:
        """A new key, saved; returns it with the raw key, which is never stored and cannot be shown again."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            scope=cls.Scope.COMMITTEE if committee is not None else cls.Scope.STRATEGIST,
            committee=committee,
            token_hash=hash_token(raw),
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            created_by=created_by,
        )
        return token, raw

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scope_key(self) -> str:
        """What external ids are unique within: the committee, or the strategist's whole municipality."""
        return STRATEGIST_SCOPE_KEY if self.scope == self.Scope.STRATEGIST else f"committee:{self.committee_id}"

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.STRATEGIST:
            return str(self.Scope.STRATEGIST.label)
        return self.committee.name if self.committee else ""

    def role_set(self) -> RoleSet:
        """The roles a request with this key reads with: the strategist, or a reporter of its committee."""
        if self.scope == self.Scope.STRATEGIST:
            return RoleSet(roles=frozenset({Role.STRATEGIST}))
        assert self.committee_id is not None
        return RoleSet(committee_roles={self.committee_id: frozenset({Membership.Role.REPORTER})})

    def may_write(self, committee_id: int | None) -> bool:
        """Whether the key may write an indicator of a goal of this committee (None: a council goal)."""
        return self.scope == self.Scope.STRATEGIST or (committee_id is not None and committee_id == self.committee_id)

    def describe(self) -> str:
        return gettext("API-nyckel ”%(name)s”") % {"name": self.name}


class IngestRecord(models.Model):
    """One measurement a key wrote, under the caller's external id."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, related_name="ingest_records", verbose_name=_("API-nyckel")
    )
    scope_key = models.CharField(_("behörighetsnyckel"), max_length=40)
    external_id = models.CharField(_("externt id"), max_length=100)
    # A hash of what was sent: the same external id with other values is a conflict, not a replay.
    fingerprint = models.CharField(_("kontrollsumma"), max_length=64)
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("mätvärde"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("inläsning via API")
        verbose_name_plural = pgettext_lazy("plural", "inläsningar via API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["scope_key", "external_id"], name="ingestrecord_unique_scope_external_id"),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.token})"
