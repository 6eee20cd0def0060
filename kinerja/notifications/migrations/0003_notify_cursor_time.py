from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_evaluation_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="collectcursor",
            name="read_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
