"""The demo's source systems: one per demo instansi, with a token scoped to its API indicators.

The token's secret is fixed and printed in docs/api.md, like the demo accounts'
password: the demo database exists to be tried, and a source-system developer
should be able to call the API against it at once. Real tokens are random.
"""

from __future__ import annotations

from django.db import transaction

from kinerja.api.models import ApiToken, token_digest
from kinerja.indicators.models import Indicator, SourceKind
from kinerja.measurements.models import DataSource
from kinerja.organisation.models import Instansi

# instansi code → (source name, description, demo secret)
DEMO_SOURCES = {
    "jambi": (
        "Dapodik Provinsi Jambi",
        "Data pokok pendidikan: angka partisipasi sekolah dan satuan pendidikan.",
        "knj_demo_jambi_dapodik_0000000000000000000000",
    ),
    "palangkaraya": (
        "Register Imunisasi Kota Palangka Raya",
        "Register imunisasi puskesmas: anak diimunisasi dan sasaran.",
        "knj_demo_palangkaraya_register_00000000000000",
    ),
}


def load() -> int:
    """Create the missing demo sources and tokens; returns how many tokens were made."""
    made = 0
    with transaction.atomic():
        for code, (name, description, secret) in DEMO_SOURCES.items():
            instansi = Instansi.objects.filter(code=code).first()
            if instansi is None:
                continue
            source, _ = DataSource.objects.get_or_create(
                instansi=instansi,
                name=name,
                defaults={"kind": SourceKind.API, "description": description, "trusted": True},
            )
            if ApiToken.objects.filter(key_hash=token_digest(secret)).exists():
                continue
            token = ApiToken.objects.create(
                data_source=source,
                name="demo",
                prefix=secret[:12],
                key_hash=token_digest(secret),
            )
            token.indicators.set(
                Indicator.objects.filter(instansi=instansi, source_kind=SourceKind.API)
            )
            made += 1
    return made
