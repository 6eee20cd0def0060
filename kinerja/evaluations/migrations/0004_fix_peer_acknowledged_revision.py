from django.db import migrations, models


def acknowledged_revisions(apps, schema_editor):
    """An earlier acknowledgement was of the revision current at its moment.

    Revisions start at 1 and each EvaluationRevision row moved the evaluation one on,
    so the revision then was 1 + the rows written before the acknowledgement.
    """
    Evaluation = apps.get_model("evaluations", "Evaluation")
    EvaluationRevision = apps.get_model("evaluations", "EvaluationRevision")
    for evaluation in Evaluation.objects.filter(acknowledged_at__isnull=False).only(
        "pk", "acknowledged_at"
    ):
        earlier = EvaluationRevision.objects.filter(
            evaluation_id=evaluation.pk, created_at__lte=evaluation.acknowledged_at
        ).count()
        Evaluation.objects.filter(pk=evaluation.pk).update(acknowledged_revision=1 + earlier)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0003_evaluate_behaviour_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="acknowledged_revision",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="revisi yang diterima pegawai"
            ),
        ),
        migrations.RunPython(acknowledged_revisions, migrations.RunPython.noop),
    ]
