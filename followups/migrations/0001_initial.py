"""The follow-up models, moved here from goals with their tables (goals_followup, ...) and rows."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from portal.moving import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("goals", "0006_inputs_version"),
        ("portal", "0004_reportingperiod"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (goals made them): only Django's state learns that the models are here now.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FollowUp",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Inlämnad"),
                                    ("approved", "Godkänd av nämnden"),
                                    ("accepted", "Accepterad"),
                                    ("published", "Publicerad"),
                                ],
                                default="draft",
                                editable=False,
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "decision_reference",
                            models.CharField(
                                blank=True,
                                editable=False,
                                help_text="T.ex. BUN 2026-04-22 § 45.",
                                max_length=100,
                                verbose_name="nämndens beslut",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="skapad"
                            ),
                        ),
                        (
                            "state_changed_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="status ändrad"),
                        ),
                        (
                            "committee",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="followups",
                                to="portal.committee",
                                verbose_name="nämnd",
                            ),
                        ),
                        (
                            "period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="followups",
                                to="portal.reportingperiod",
                                verbose_name="period",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "uppföljning",
                        "verbose_name_plural": "uppföljningar",
                        "db_table": "goals_followup",
                        "ordering": ["period", "committee__sort_order", "committee__name"],
                    },
                ),
                migrations.CreateModel(
                    name="FinancialOutcome",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=16, null=True, verbose_name="driftbudget (tkr)"
                            ),
                        ),
                        (
                            "net_cost_to_date",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="nettokostnad hittills (tkr)",
                            ),
                        ),
                        (
                            "forecast",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                help_text="Nettokostnaden som väntas vid årets slut.",
                                max_digits=16,
                                null=True,
                                verbose_name="prognos för helåret (tkr)",
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(
                                blank=True,
                                help_text="Markdown. Krävs när prognosen avviker från budgeten mer än periodens gräns.",
                                verbose_name="förklaring av avvikelsen",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                        (
                            "followup",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="financial_outcome",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ekonomiskt utfall",
                        "verbose_name_plural": "ekonomiska utfall",
                        "db_table": "goals_financialoutcome",
                    },
                ),
                migrations.CreateModel(
                    name="Assessment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                default="not_assessed",
                                max_length=20,
                                verbose_name="måluppfyllelse",
                            ),
                        ),
                        (
                            "forecast_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                help_text="Hur målet bedöms vara uppfyllt vid årets slut. Anges inte i helårsuppföljningen.",
                                max_length=20,
                                verbose_name="prognos för helåret",
                            ),
                        ),
                        ("analysis", models.TextField(blank=True, help_text="Markdown.", verbose_name="analys")),
                        ("measures", models.TextField(blank=True, help_text="Markdown.", verbose_name="åtgärder")),
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assessments",
                                to="goals.goal",
                                verbose_name="mål",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="assessments",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bedömning",
                        "verbose_name_plural": "bedömningar",
                        "db_table": "goals_assessment",
                        "ordering": ["followup", "goal__sort_order", "goal__pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAssessment",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                default="not_assessed",
                                max_length=20,
                                verbose_name="måluppfyllelse",
                            ),
                        ),
                        (
                            "forecast_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("fulfilled", "Uppfyllt"),
                                    ("partly", "Delvis uppfyllt"),
                                    ("not_fulfilled", "Ej uppfyllt"),
                                    ("not_assessed", "Ej bedömt"),
                                ],
                                help_text="Hur målet bedöms vara uppfyllt vid årets slut. Anges inte i helårsuppföljningen.",
                                max_length=20,
                                verbose_name="prognos för helåret",
                            ),
                        ),
                        ("analysis", models.TextField(blank=True, help_text="Markdown.", verbose_name="analys")),
                        ("measures", models.TextField(blank=True, help_text="Markdown.", verbose_name="åtgärder")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="goals.goal",
                                verbose_name="mål",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historik för bedömning",
                        "verbose_name_plural": "historical bedömningar",
                        "db_table": "goals_historicalassessment",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalFinancialOutcome",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=16, null=True, verbose_name="driftbudget (tkr)"
                            ),
                        ),
                        (
                            "net_cost_to_date",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="nettokostnad hittills (tkr)",
                            ),
                        ),
                        (
                            "forecast",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                help_text="Nettokostnaden som väntas vid årets slut.",
                                max_digits=16,
                                null=True,
                                verbose_name="prognos för helåret (tkr)",
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(
                                blank=True,
                                help_text="Markdown. Krävs när prognosen avviker från budgeten mer än periodens gräns.",
                                verbose_name="förklaring av avvikelsen",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historik för ekonomiskt utfall",
                        "verbose_name_plural": "historical ekonomiska utfall",
                        "db_table": "goals_historicalfinancialoutcome",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalIndicatorValue",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "value",
                            models.DecimalField(
                                blank=True, decimal_places=4, max_digits=16, null=True, verbose_name="utfall"
                            ),
                        ),
                        (
                            "reference_value",
                            models.DecimalField(
                                blank=True, decimal_places=4, max_digits=16, null=True, verbose_name="referensvärde"
                            ),
                        ),
                        ("comment", models.CharField(blank=True, max_length=500, verbose_name="kommentar")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="goals.indicator",
                                verbose_name="indikator",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historik för indikatorvärde",
                        "verbose_name_plural": "historical indikatorvärden",
                        "db_table": "goals_historicalindicatorvalue",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalInvestmentOutcome",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="investeringsbudget (tkr)",
                            ),
                        ),
                        (
                            "outcome_to_date",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="utfall hittills (tkr)",
                            ),
                        ),
                        (
                            "forecast",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="prognos för helåret (tkr)",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, help_text="Markdown.", verbose_name="kommentar")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historik för investeringsutfall",
                        "verbose_name_plural": "historical investeringsutfall",
                        "db_table": "goals_historicalinvestmentoutcome",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalKeyEvents",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "text",
                            models.TextField(blank=True, help_text="Markdown.", verbose_name="väsentliga händelser"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historik för väsentliga händelser",
                        "verbose_name_plural": "historical väsentliga händelser",
                        "db_table": "goals_historicalkeyevents",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="IndicatorValue",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "value",
                            models.DecimalField(
                                blank=True, decimal_places=4, max_digits=16, null=True, verbose_name="utfall"
                            ),
                        ),
                        (
                            "reference_value",
                            models.DecimalField(
                                blank=True, decimal_places=4, max_digits=16, null=True, verbose_name="referensvärde"
                            ),
                        ),
                        ("comment", models.CharField(blank=True, max_length=500, verbose_name="kommentar")),
                        (
                            "followup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicator_values",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "indicator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="goals.indicator",
                                verbose_name="indikator",
                            ),
                        ),
                        (
                            "measurement",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="goals.measurement",
                                verbose_name="mätvärde",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "indikatorvärde",
                        "verbose_name_plural": "indikatorvärden",
                        "db_table": "goals_indicatorvalue",
                        "ordering": [
                            "followup",
                            "indicator__goal__sort_order",
                            "indicator__sort_order",
                            "indicator__pk",
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="InvestmentOutcome",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "budget",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="investeringsbudget (tkr)",
                            ),
                        ),
                        (
                            "outcome_to_date",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="utfall hittills (tkr)",
                            ),
                        ),
                        (
                            "forecast",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=16,
                                null=True,
                                verbose_name="prognos för helåret (tkr)",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, help_text="Markdown.", verbose_name="kommentar")),
                        (
                            "followup",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="investment_outcome",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "investeringsutfall",
                        "verbose_name_plural": "investeringsutfall",
                        "db_table": "goals_investmentoutcome",
                    },
                ),
                migrations.CreateModel(
                    name="KeyEvents",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("updated_at", models.DateTimeField(blank=True, null=True, verbose_name="sparad")),
                        (
                            "text",
                            models.TextField(blank=True, help_text="Markdown.", verbose_name="väsentliga händelser"),
                        ),
                        (
                            "followup",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="key_events",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "updated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sparad av",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "väsentliga händelser",
                        "verbose_name_plural": "väsentliga händelser",
                        "db_table": "goals_keyevents",
                    },
                ),
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("submitted", "Inlämnad"),
                                    ("returned", "Skickad tillbaka"),
                                    ("approved", "Godkänd av nämnden"),
                                    ("accepted", "Accepterad"),
                                    ("reminder", "Påminnelse"),
                                    ("overdue", "Försenad"),
                                ],
                                max_length=20,
                                verbose_name="slag",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254, verbose_name="e-postadress")),
                        ("subject", models.CharField(max_length=300, verbose_name="ämne")),
                        ("body", models.TextField(verbose_name="text")),
                        ("key", models.CharField(blank=True, max_length=200, verbose_name="nyckel")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="skapad")),
                        ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="tagen för sändning")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="skickad")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="försök")),
                        ("last_error", models.TextField(blank=True, verbose_name="senaste fel")),
                        (
                            "followup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="mottagare",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "avisering",
                        "verbose_name_plural": "aviseringar",
                        "db_table": "goals_notification",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Transition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("submit", "Lämnade in"),
                                    ("approve", "Godkände"),
                                    ("return", "Skickade tillbaka"),
                                    ("accept", "Accepterade"),
                                    ("publish", "Publicerade"),
                                ],
                                max_length=20,
                                verbose_name="steg",
                            ),
                        ),
                        (
                            "from_state",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Inlämnad"),
                                    ("approved", "Godkänd av nämnden"),
                                    ("accepted", "Accepterad"),
                                    ("published", "Publicerad"),
                                ],
                                max_length=20,
                                verbose_name="från",
                            ),
                        ),
                        (
                            "to_state",
                            models.CharField(
                                choices=[
                                    ("draft", "Utkast"),
                                    ("submitted", "Inlämnad"),
                                    ("approved", "Godkänd av nämnden"),
                                    ("accepted", "Accepterad"),
                                    ("published", "Publicerad"),
                                ],
                                max_length=20,
                                verbose_name="till",
                            ),
                        ),
                        ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="när")),
                        ("comment", models.TextField(blank=True, verbose_name="kommentar")),
                        (
                            "decision_reference",
                            models.CharField(blank=True, max_length=100, verbose_name="nämndens beslut"),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="av",
                            ),
                        ),
                        (
                            "followup",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="transitions",
                                to="followups.followup",
                                verbose_name="uppföljning",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "steg i uppföljning",
                        "verbose_name_plural": "steg i uppföljningar",
                        "db_table": "goals_transition",
                        "ordering": ["at", "pk"],
                    },
                ),
                migrations.AddIndex(
                    model_name="followup",
                    index=models.Index(fields=["state"], name="followup_state_idx"),
                ),
                migrations.AddConstraint(
                    model_name="followup",
                    constraint=models.UniqueConstraint(
                        fields=("period", "committee"), name="followup_unique_period_committee"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="followup",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("state__in", ["draft", "submitted", "approved", "accepted", "published"])),
                        name="followup_state_known",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="followup",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("state__in", ["draft", "submitted"]),
                            models.Q(("decision_reference", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="followup_decision_reference_once_approved",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="assessment",
                    constraint=models.UniqueConstraint(
                        fields=("followup", "goal"), name="assessment_unique_followup_goal"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="indicatorvalue",
                    constraint=models.UniqueConstraint(
                        fields=("followup", "indicator"), name="indicatorvalue_unique_followup_indicator"
                    ),
                ),
                migrations.AddIndex(
                    model_name="notification",
                    index=models.Index(
                        condition=models.Q(("sent_at__isnull", True)),
                        fields=["created_at"],
                        name="notification_unsent_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="notification",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("key", ""), _negated=True), fields=("key",), name="notification_unique_key"
                    ),
                ),
                migrations.AddIndex(
                    model_name="transition",
                    index=models.Index(fields=["followup", "at"], name="transition_followup_at_idx"),
                ),
                migrations.AddConstraint(
                    model_name="transition",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("action", "return"), _negated=True),
                            models.Q(("comment", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="transition_return_has_comment",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="transition",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("action", "approve"), _negated=True),
                            models.Q(("decision_reference", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="transition_approve_has_decision_reference",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            move_content_types(
                from_app="goals",
                to_app="followups",
                models=[
                    "followup",
                    "transition",
                    "assessment",
                    "indicatorvalue",
                    "financialoutcome",
                    "investmentoutcome",
                    "keyevents",
                    "notification",
                    "historicalassessment",
                    "historicalindicatorvalue",
                    "historicalfinancialoutcome",
                    "historicalinvestmentoutcome",
                    "historicalkeyevents",
                ],
            ),
            move_content_types(
                from_app="followups",
                to_app="goals",
                models=[
                    "followup",
                    "transition",
                    "assessment",
                    "indicatorvalue",
                    "financialoutcome",
                    "investmentoutcome",
                    "keyevents",
                    "notification",
                    "historicalassessment",
                    "historicalindicatorvalue",
                    "historicalfinancialoutcome",
                    "historicalinvestmentoutcome",
                    "historicalkeyevents",
                ],
            ),
        ),
    ]
