"""A wrong NIP is refused with a clear Indonesian message, and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.accounts.models import User
from kinerja.organisation.models import Employee
from kinerja.organisation.nip import validate_nip
from kinerja.organisation.services import employee_create

# birth 1985-07-12 · appointed 2010-03 · male · number 001
GOOD = "198507122010031001"

BAD = [
    ("19850712201003100", "NIP harus terdiri dari 18 angka."),  # 17 digits
    ("1985071220100310011", "NIP harus terdiri dari 18 angka."),  # 19 digits
    ("19850712201003100A", "NIP harus terdiri dari 18 angka."),
    ("1985 712201003 001", "NIP harus terdiri dari 18 angka."),
    # Superscripts and other scripts' digits pass str.isdigit() but are no NIP.
    ("19850712201²031001", "NIP harus terdiri dari 18 angka."),
    ("١٩٨٥٠٧١٢٢٠١٠٠٣١٠٠١", "NIP harus terdiri dari 18 angka."),
    ("198513122010031001", "Delapan angka pertama NIP bukan tanggal lahir yang valid."),
    ("198502302010031001", "Delapan angka pertama NIP bukan tanggal lahir yang valid."),
    ("198507122010131001", "Angka ke-9 sampai ke-14 NIP bukan bulan pengangkatan yang valid."),
    ("198507122010001001", "Angka ke-9 sampai ke-14 NIP bukan bulan pengangkatan yang valid."),
    ("198507121944031001", "Angka ke-9 sampai ke-14 NIP bukan bulan pengangkatan yang valid."),
    ("198507122000061001", "Tanggal pengangkatan pada NIP terlalu dekat dengan tanggal lahir."),
    ("198507122000031001", "Tanggal pengangkatan pada NIP terlalu dekat dengan tanggal lahir."),
    ("198507122010033001", "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."),
    ("198507122010030001", "Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."),
]


@pytest.mark.parametrize("nip", [GOOD, "198507122010032001", "198507122000071001"])
def test_plausible_nip_is_accepted(nip):
    validate_nip(nip)  # the last one: appointed the month of the 15th birthday


@pytest.mark.parametrize(("nip", "message"), BAD)
def test_validate_nip_names_the_wrong_part(nip, message):
    with pytest.raises(ValidationError) as caught:
        validate_nip(nip)
    assert caught.value.messages == [message]


@pytest.mark.parametrize(("nip", "message"), BAD)
def test_employee_with_wrong_nip_is_not_saved(cast, nip, message):
    employees, users = Employee.objects.count(), User.objects.count()
    with pytest.raises(ValidationError) as caught:
        employee_create(
            instansi=cast.instansi, nip=nip, name="Salah Ketik", username="salah", password="x"
        )
    assert message in caught.value.message_dict["nip"]
    # The account made in the same call is rolled back too.
    assert (Employee.objects.count(), User.objects.count()) == (employees, users)


def test_full_clean_refuses_a_wrong_nip_beside_the_nip_field(cast):
    employee = Employee(instansi=cast.instansi, nip="198507122010033001", name="Tanpa Akun")
    with pytest.raises(ValidationError) as caught:
        employee.full_clean()
    assert caught.value.message_dict == {"nip": ["Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."]}


def test_same_nip_twice_is_refused(cast):
    with pytest.raises(ValidationError) as caught:
        employee_create(instansi=cast.instansi, nip=cast.pegawai.nip, name="Kembar")
    assert "nip" in caught.value.message_dict
    assert Employee.objects.filter(nip=cast.pegawai.nip).count() == 1
