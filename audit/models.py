"""The auditor's records: frozen copies of adopted reports, the log of what auditors did, and their
questions on an assessment with the strategist's answers (docs/audit.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fulfillment.models import FulfillmentReport
from portal.models import User


class FrozenCopyQuerySet(models.QuerySet["FrozenCopy"]):
    def of(self, kind: str, source_id: int) -> FrozenCopyQuerySet:
        """The copy of one source object (there is at most one)."""
        return self.filter(kind=kind, source_id=source_id)


class FrozenCopy(models.Model):
    """The files of a report as they were when it was adopted, never changed afterwards.

    Generic: ``kind`` and ``source_id`` name the source object without a foreign key, so that any
    app above (the fulfillment report now, the interim and annual reports later) freezes its reports
    through ``audit.services.freeze`` and a copy outlives whatever happens to its source."""

    class Kind(models.TextChoices):
        FULFILLMENT_REPORT = "fulfillment_report", _("Sammanställning av måluppfyllelse")
        TERTIAL_REPORT = "tertial_report", _("Tertialrapport")
        INTERIM_REPORT = "interim_report", _("Delårsrapport")
        ANNUAL_REPORT = "annual_report", _("Årsredovisning")

    kind = models.CharField(_("slag"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    year = models.PositiveSmallIntegerField(_("år"))
    source_id = models.BigIntegerField(_("källans id"))
    frozen_at = models.DateTimeField(_("fryst"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antagen av"),
    )

    objects = FrozenCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("fryst kopia")
        verbose_name_plural = _("frysta kopior")
        ordering = ["-year", "-frozen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="frozencopy_unique_kind_source"),
        ]

    def __str__(self) -> str:
        return self.title


def frozen_file_path(instance: FrozenFile, filename: str) -> str:
    return f"audit/frozen/{instance.copy_id}/{filename}"


class FrozenFile(models.Model):
    """One file of a frozen copy, kept through Django's storage API with its SHA-256."""

    copy = models.ForeignKey(FrozenCopy, on_delete=models.CASCADE, related_name="files", verbose_name=_("kopia"))
    name = models.CharField(_("filnamn"), max_length=200)
    file = models.FileField(_("fil"), upload_to=frozen_file_path, max_length=300)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("fil i fryst kopia")
        verbose_name_plural = _("filer i frysta kopior")
        ordering = ["copy", "name"]
        constraints = [
            models.UniqueConstraint(fields=["copy", "name"], name="frozenfile_unique_copy_name"),
        ]

    def __str__(self) -> str:
        return self.name


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: User, *, everyone: bool) -> AuditEventQuerySet:
        """Every event for the strategist and the administrator; an auditor's own otherwise."""
        return self if everyone else self.filter(user=user)


class AuditEvent(models.Model):
    """One sign-in of an auditor, or one download of a frozen copy or an evidence package: who, what, when,
    from where. Written once, never changed."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Inloggning")
        FROZEN_FILE = "frozen_file", _("Hämtade fryst kopia")
        EVIDENCE_ZIP = "evidence_zip", _("Hämtade underlagspaket")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("användare")
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    what = models.CharField(_("vad"), max_length=300, blank=True)
    at = models.DateTimeField(_("när"), default=timezone.now)
    address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse i revisionsloggen")
        verbose_name_plural = _("händelser i revisionsloggen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="auditevent_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.get_kind_display()}"


class Question(models.Model):
    """An auditor's question on one goal's assessment in a fulfillment report. The goal is named by the
    id it had in the report (``ReportRow.subject_id``): a draft's rows are replaced when it is compiled
    again, the question stays."""

    report = models.ForeignKey(
        FulfillmentReport, on_delete=models.CASCADE, related_name="+", verbose_name=_("sammanställning")
    )
    subject_id = models.BigIntegerField(_("målets id"))
    title = models.CharField(_("mål"), max_length=500)
    text = models.TextField(_("fråga"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ställd av")
    )
    asked_at = models.DateTimeField(_("ställd"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("en fråga", "fråga")
        verbose_name_plural = _("frågor")
        ordering = ["asked_at", "pk"]
        indexes = [models.Index(fields=["report", "subject_id"], name="question_report_subject")]

    def __str__(self) -> str:
        return f"{self.title}: {self.text[:60]}"


class Answer(models.Model):
    """The strategist's answer to a question; a question may get several (a thread)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("fråga"))
    text = models.TextField(_("svar"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("besvarad av")
    )
    answered_at = models.DateTimeField(_("besvarad"), default=timezone.now)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = pgettext_lazy("plural", "svar")
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
