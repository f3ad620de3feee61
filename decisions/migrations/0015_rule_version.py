import decisions.rules
from django.db import migrations, models


def drafts_take_the_law(apps, schema_editor):
    """A matter not yet opened is decided by the rule book in force (and starts its chains with format 4, which
    carries the book); matters opened before keep the platform's first reading they were opened under."""
    Matter = apps.get_model("decisions", "Matter")
    Matter.objects.filter(status="draft").update(rule_version=decisions.rules.version_in_force(), ledger_format=4)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0014_code_attempt_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="matter",
            name="rule_version",
            field=models.CharField(default="platform-1", editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name="historicalmatter",
            name="rule_version",
            field=models.CharField(default="platform-1", editable=False, max_length=16),
        ),
        migrations.AlterField(
            model_name="matter",
            name="rule_version",
            field=models.CharField(default=decisions.rules.version_in_force, editable=False, max_length=16),
        ),
        migrations.AlterField(
            model_name="historicalmatter",
            name="rule_version",
            field=models.CharField(default=decisions.rules.version_in_force, editable=False, max_length=16),
        ),
        migrations.AlterField(
            model_name="matter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=4, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalmatter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=4, editable=False),
        ),
        migrations.AddField(
            model_name="matter",
            name="online_chosen_on",
            field=models.DateField(blank=True, null=True, verbose_name="households chose online voting on"),
        ),
        migrations.AddField(
            model_name="matter",
            name="online_chosen_households",
            field=models.PositiveIntegerField(null=True, verbose_name="households that chose online voting"),
        ),
        migrations.AddField(
            model_name="matter",
            name="online_chosen_how",
            field=models.CharField(blank=True, max_length=200, verbose_name="how they chose it"),
        ),
        migrations.AddField(
            model_name="historicalmatter",
            name="online_chosen_on",
            field=models.DateField(blank=True, null=True, verbose_name="households chose online voting on"),
        ),
        migrations.AddField(
            model_name="historicalmatter",
            name="online_chosen_households",
            field=models.PositiveIntegerField(null=True, verbose_name="households that chose online voting"),
        ),
        migrations.AddField(
            model_name="historicalmatter",
            name="online_chosen_how",
            field=models.CharField(blank=True, max_length=200, verbose_name="how they chose it"),
        ),
        migrations.RunPython(drafts_take_the_law, migrations.RunPython.noop),
    ]
