"""Moving models from one app to another without touching their tables (used by migrations).

A model that moves keeps its table (``Meta.db_table``); the migrations move it in Django's state
only (``SeparateDatabaseAndState``), and ``move_content_types`` moves its content type, so that its
permissions, admin log entries and generic relations follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def move_content_types(*, from_app: str, to_app: str, models: Sequence[str]) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function that gives the content types of ``models`` (lower-case model names) the
    app label ``to_app``. A content type already under ``to_app`` is kept and the old one left alone."""

    def move(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        alias = schema_editor.connection.alias
        existing = set(
            content_type.objects.using(alias).filter(app_label=to_app, model__in=models).values_list("model", flat=True)
        )
        content_type.objects.using(alias).filter(app_label=from_app, model__in=set(models) - existing).update(
            app_label=to_app
        )

    return move
