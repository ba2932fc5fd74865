"""Who a person is at the identity provider, and which roles the provider's groups give.

A person is known by the provider's issuer and their subject id there (``sub`` or the
claim OIDC_CLAIM_SUBJECT names), never by email: an address can be reused or change.
The administrator keeps the table from groups to roles in the admin; each sign-in
applies it (sso/roles.py), and a ``GroupGrant`` records each role it gave, so that a
role set by hand is never taken away by a sign-in.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Committee, Membership, Role, User


class Identity(models.Model):
    """A person at the identity provider, tied to one portal user."""

    issuer = models.CharField(_("utfärdare"), max_length=300)
    subject = models.CharField(_("användar-id hos utfärdaren"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identities", verbose_name=_("användare"))
    groups = models.JSONField(_("grupper vid senaste inloggningen"), default=list, blank=True)
    created_at = models.DateTimeField(_("första inloggning"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("senaste inloggning"), null=True, blank=True)

    class Meta:
        verbose_name = _("identitet hos inloggningstjänsten")
        verbose_name_plural = _("identiteter hos inloggningstjänsten")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="identity_unique_issuer_subject")]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class GroupMapping(models.Model):
    """One group at the identity provider gives one role: in a committee, or for the whole municipality."""

    group = models.CharField(
        _("grupp"),
        max_length=255,
        help_text=_(
            "Gruppens namn eller id som det står i inloggningstjänstens gruppanspråk (Entra ID: gruppens objekt-id)."
        ),
    )
    description = models.CharField(
        _("beskrivning"),
        max_length=200,
        blank=True,
        help_text=_("Gruppens namn som människor känner den, när gruppen ovan är ett id, t.ex. BUN rapportörer."),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_mappings",
        verbose_name=_("nämnd"),
        help_text=_("Lämnas tom för en roll i hela kommunen."),
    )
    committee_role = models.CharField(_("roll i nämnden"), max_length=20, choices=Membership.Role.choices, blank=True)
    municipality_role = models.CharField(_("roll i kommunen"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("grupp och roll")
        verbose_name_plural = pgettext_lazy("plural", "grupper och roller")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(committee__isnull=False) & ~models.Q(committee_role="") & models.Q(municipality_role="")
                )
                | (models.Q(committee__isnull=True) & models.Q(committee_role="") & ~models.Q(municipality_role="")),
                name="groupmapping_committee_role_or_municipality_role",
                violation_error_message=_(
                    "Välj antingen en nämnd och en roll i den, eller en roll i hela kommunen, inte båda."
                ),
            ),
            models.UniqueConstraint(
                fields=["group", "committee", "committee_role"],
                condition=models.Q(committee__isnull=False),
                name="groupmapping_unique_committee_role",
                violation_error_message=_("Gruppen ger redan den rollen i nämnden."),
            ),
            models.UniqueConstraint(
                fields=["group", "municipality_role"],
                condition=models.Q(committee__isnull=True),
                name="groupmapping_unique_municipality_role",
                violation_error_message=_("Gruppen ger redan den rollen i kommunen."),
            ),
        ]

    def __str__(self) -> str:
        if self.committee_id is not None:
            return f"{self.group} → {self.committee} ({self.get_committee_role_display()})"
        return f"{self.group} → {self.get_municipality_role_display()}"


class GroupGrant(models.Model):
    """A role that a sign-in gave from the provider's groups; the next sign-in takes it away if the group is gone.

    A role the user had before, set by hand in the admin, has no grant and stays whatever the groups say.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_grants", verbose_name=_("användare"))
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("nämnd")
    )
    role = models.CharField(_("roll"), max_length=20)
    granted_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("roll från grupp")
        verbose_name_plural = _("roller från grupper")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"],
                condition=models.Q(committee__isnull=False),
                name="groupgrant_unique_committee_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(committee__isnull=True), name="groupgrant_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.role}" + (f" ({self.committee})" if self.committee_id else "")
