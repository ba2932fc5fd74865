"""The organisation: the municipality, its committees, users and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from portal.access import RoleSet


class Role(models.TextChoices):
    """Municipality-wide roles; each is a Django group with this name."""

    STRATEGIST = "strategist", _("Strateg")
    HR_EDITOR = "hr_editor", _("HR-redaktör")
    VIEWER = "viewer", _("Förtroendevald (läsare)")
    MANAGER = "manager", _("Chef")
    ADMINISTRATOR = "administrator", _("Administratör")


class User(AbstractUser):
    """A person who signs in. Roles come from groups and committee memberships."""

    # Filled by portal.access.roles_for() once per request, so that a page
    # asking many permission questions costs at most one query for them.
    _role_set: RoleSet | None = None

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    """The municipality the portal serves: one row."""

    name = models.CharField(_("namn"), max_length=200)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = pgettext_lazy("plural", "kommuner")

    def __str__(self) -> str:
        return self.name


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def active(self) -> CommitteeQuerySet:
        """Committees that still exist."""
        return self.filter(is_active=True)


class Committee(models.Model):
    """A council, board, committee (nämnd) or municipal company."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Kommunfullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
        COMMITTEE = "committee", _("Nämnd")
        COMPANY = "company", _("Kommunalt bolag")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    abbreviation = models.CharField(
        _("förkortning"), max_length=20, unique=True, help_text=_("Används i diarienummer, t.ex. BUN.")
    )
    slug = models.SlugField(_("adressnamn"), max_length=60, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("nämnd")
        verbose_name_plural = _("nämnder")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User) -> MembershipQuerySet:
        """The user's memberships, with their committees, in committee order."""
        return (
            self.filter(user=user, committee__is_active=True)
            .select_related("committee")
            .order_by("committee__sort_order", "committee__name", "role")
        )


class Membership(models.Model):
    """A user's role in one committee."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Rapportör")
        APPROVER = "approver", _("Godkännare")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare"))
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("nämnd")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "committee", "role"], name="membership_unique_user_committee_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.get_role_display()})"
