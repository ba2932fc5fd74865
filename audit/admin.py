"""The auditors' records in the admin, to read: frozen copies with their files, the log of what auditors did,
and their questions with the answers. A frozen copy must never change, and the log is evidence: nothing here
is made, changed or removed by hand (the portal writes them: audit/services.py)."""

from __future__ import annotations

from django.contrib import admin

from audit.models import Answer, AuditEvent, FrozenCopy, FrozenFile, Question
from portal.admin_site import ReadOnly


class FrozenFileInline(ReadOnly, admin.TabularInline):
    model = FrozenFile
    fields = ["name", "content_type", "size", "sha256"]
    extra = 0


class AnswerInline(ReadOnly, admin.StackedInline):
    model = Answer
    extra = 0


@admin.register(FrozenCopy)
class FrozenCopyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "kind", "year", "frozen_at", "frozen_by"]
    list_filter = ["kind", "year"]
    inlines = [FrozenFileInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "user", "kind", "what", "address"]
    list_filter = ["kind"]
    search_fields = ["user__username", "what"]


@admin.register(Question)
class QuestionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "asked_by", "asked_at"]
    search_fields = ["title", "text"]
    inlines = [AnswerInline]
