from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_revisions_peer_input_unit_predikat_objection"),
    ]

    operations = [
        migrations.AddField(
            model_name="behaviourassessment",
            name="evidence",
            field=models.TextField(blank=True, verbose_name="bukti perilaku"),
        ),
    ]
