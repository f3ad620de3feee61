from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0008_result_seals"),
    ]

    # Votes already opened keep the digest their chains were started with (format 1); new ones get format 2.
    operations = [
        migrations.AddField(
            model_name="historicalmatter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="matter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalmatter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=2, editable=False),
        ),
        migrations.AlterField(
            model_name="matter",
            name="ledger_format",
            field=models.PositiveSmallIntegerField(default=2, editable=False),
        ),
    ]
