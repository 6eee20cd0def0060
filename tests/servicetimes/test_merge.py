"""Merging ticket events into tickets: late, repeated, out of order, conflicting, refused."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.servicetimes.models import ServiceTicket
from kinerja.servicetimes.services import IngestError, events_ingest
from tests.servicetimes.support import at, build_queue, current, step, whole


@pytest.fixture
def queue(cast):
    return build_queue(cast)


def year(cast) -> int:
    return cast.year.year


def test_step_events_build_one_ticket(cast, queue):
    y = year(cast)
    nip = cast.pegawai.nip
    result = events_ingest(
        source=queue.source,
        events=[
            step("A-001", "datang", at(y, 1, 6, 8), layanan="Legalisir ijazah"),
            step("A-001", "panggil", at(y, 1, 6, 8, 20), nip=nip),
            step("A-001", "selesai", at(y, 1, 6, 8, 30), nip=nip),
        ],
    )

    assert (result.received, result.created, result.updated, result.unchanged) == (3, 1, 2, 0)
    assert result.refused == []
    ticket = ServiceTicket.objects.get()
    assert ticket.ticket == "A-001"
    assert ticket.service == "Legalisir ijazah"
    assert ticket.officer == cast.pegawai
    assert ticket.unit.code == "sd"
    assert ticket.month.isoformat() == f"{y}-01-01"
    assert ticket.times.waiting == 20
    assert ticket.times.service == 10


def test_whole_ticket_shape_is_accepted_too(cast, queue):
    y = year(cast)
    result = events_ingest(
        source=queue.source,
        events=[whole("B-7", at(y, 1, 6, 9), at(y, 1, 6, 9, 5), at(y, 1, 6, 9, 25))],
    )

    assert result.created == 1
    ticket = ServiceTicket.objects.get()
    assert (ticket.times.waiting, ticket.times.service) == (5, 20)


def test_repeated_event_changes_nothing(cast, queue):
    y = year(cast)
    events = [
        whole("A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), at(y, 1, 6, 8, 40), nip=cast.pegawai.nip)
    ]
    events_ingest(source=queue.source, events=events)
    ticket = ServiceTicket.objects.get()
    versions = Measurement.objects.count()

    result = events_ingest(source=queue.source, events=events)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert result.feed.groups == 0
    assert Measurement.objects.count() == versions
    assert ServiceTicket.objects.get().updated_at == ticket.updated_at


def _final_state():
    return list(
        ServiceTicket.objects.values_list(
            "ticket", "officer_id", "arrived_at", "called_at", "finished_at", "month"
        )
    )


def test_order_of_events_does_not_matter(cast, queue):
    """Finish before call, a second call, a late first arrival: same ticket in every order."""
    y = year(cast)
    nip = cast.pegawai.nip
    events = [
        step("A-9", "selesai", at(y, 2, 3, 9, 0), nip=nip),
        step("A-9", "panggil", at(y, 2, 3, 8, 40), nip=nip),
        step("A-9", "panggil", at(y, 2, 3, 8, 30)),  # first call: the earliest wins
        step("A-9", "datang", at(y, 2, 3, 8, 0)),
        step("A-9", "selesai", at(y, 2, 3, 8, 50)),  # an earlier close: the latest wins
    ]
    states = set()
    for order in itertools.islice(itertools.permutations(events), 0, None, 7):
        ServiceTicket.objects.all().delete()
        for event in order:  # one request per event: the worst case for ordering
            events_ingest(source=queue.source, events=[event])
        states.add(tuple(_final_state()))

    assert len(states) == 1
    ticket = ServiceTicket.objects.get()
    assert ticket.times.waiting == 30
    assert ticket.times.service == 30


def test_conflicting_times_keep_earliest_call_and_latest_finish(cast, queue):
    y = year(cast)
    events_ingest(
        source=queue.source,
        events=[whole("A-2", at(y, 1, 6, 8), at(y, 1, 6, 8, 15), at(y, 1, 6, 8, 30))],
    )

    later_call = events_ingest(
        source=queue.source, events=[step("A-2", "panggil", at(y, 1, 6, 8, 20))]
    )
    earlier_finish = events_ingest(
        source=queue.source, events=[step("A-2", "selesai", at(y, 1, 6, 8, 25))]
    )
    later_finish = events_ingest(
        source=queue.source, events=[step("A-2", "selesai", at(y, 1, 6, 8, 45))]
    )

    assert later_call.unchanged == 1
    assert earlier_finish.unchanged == 1
    assert later_finish.updated == 1
    ticket = ServiceTicket.objects.get()
    assert (ticket.times.waiting, ticket.times.service) == (15, 30)


def test_late_event_for_a_fed_month_replaces_the_value_as_a_correction(cast, queue):
    y = year(cast)
    nip = cast.pegawai.nip
    events_ingest(
        source=queue.source,
        events=[whole("A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), None, nip=nip)],
    )
    first = current(queue.pegawai_wait, 1)
    assert first is not None and first.value == 10
    assert first.status == MeasurementStatus.VERIFIED  # a trusted source

    result = events_ingest(
        source=queue.source,
        events=[whole("A-2", at(y, 1, 20, 8), at(y, 1, 20, 8, 30), None, nip=nip)],
    )

    assert result.feed.written >= 1
    latest = current(queue.pegawai_wait, 1)
    assert latest is not None
    assert latest.value == 20
    assert latest.version == 2
    assert latest.correction_reason
    assert latest.data_source == queue.source
    assert latest.source == "events"


def test_another_officer_for_a_served_ticket_is_refused(cast, queue):
    y = year(cast)
    events_ingest(
        source=queue.source, events=[step("A-3", "panggil", at(y, 1, 6, 8), nip=cast.pegawai.nip)]
    )

    result = events_ingest(
        source=queue.source, events=[step("A-3", "selesai", at(y, 1, 6, 9), nip=cast.penilai.nip)]
    )

    assert [(e.index, e.field) for e in result.refused] == [(0, "nip_petugas")]
    assert "petugas lain" in result.refused[0].message
    ticket = ServiceTicket.objects.get()
    assert ticket.officer == cast.pegawai
    assert ticket.finished_at is None


def test_another_unit_for_a_ticket_is_refused(cast, queue):
    y = year(cast)
    events_ingest(source=queue.source, events=[step("A-4", "datang", at(y, 1, 6, 8))])

    result = events_ingest(
        source=queue.source, events=[step("A-4", "panggil", at(y, 1, 6, 9), unit="smp")]
    )

    assert [(e.index, e.field) for e in result.refused] == [(0, "unit")]
    assert ServiceTicket.objects.get().called_at is None


def test_units_and_nips_of_another_instansi_are_refused(cast, queue):
    y = year(cast)
    foreign_unit = cast.foreigner.assignments.get().position.unit
    result = events_ingest(
        source=queue.source,
        events=[
            step("X-1", "datang", at(y, 1, 6, 8), unit="dinkes"),
            step("X-2", "datang", at(y, 1, 6, 8), unit=foreign_unit.pk),
            step("X-3", "panggil", at(y, 1, 6, 8), nip=cast.foreigner.nip),
            step("X-4", "datang", at(y, 1, 6, 8)),
        ],
    )

    assert [(e.index, e.field) for e in result.refused] == [
        (0, "unit"),
        (1, "unit"),
        (2, "nip_petugas"),
    ]
    assert all("instansi ini" in e.message for e in result.refused)
    assert list(ServiceTicket.objects.values_list("ticket", flat=True)) == ["X-4"]


def test_unit_by_number_within_the_instansi_is_accepted(cast, queue):
    y = year(cast)
    unit = cast.pegawai.assignments.get().position.unit
    result = events_ingest(
        source=queue.source, events=[step("N-1", "datang", at(y, 1, 6, 8), unit=unit.pk)]
    )
    assert result.created == 1
    assert ServiceTicket.objects.get().unit == unit


@pytest.mark.parametrize(
    ("event", "field", "words"),
    [
        ("not an object", "", "objek JSON"),
        (
            {"jenis": "datang", "waktu": "2020-01-01T08:00:00+07:00", "unit": "sd"},
            "tiket",
            "Nomor tiket",
        ),
        (
            {"tiket": "A", "jenis": "datang", "waktu": "2020-01-01T08:00:00+07:00"},
            "unit",
            "Unit wajib",
        ),
        (
            {"tiket": "A", "jenis": "pulang", "waktu": "2020-01-01T08:00", "unit": "sd"},
            "jenis",
            "datang, panggil",
        ),
        ({"tiket": "A", "jenis": "datang", "waktu": "kemarin", "unit": "sd"}, "waktu", "ISO 8601"),
        (
            {"tiket": "A", "jenis": "datang", "waktu": "2999-01-01T08:00:00+07:00", "unit": "sd"},
            "waktu",
            "masa depan",
        ),
        ({"tiket": "A", "unit": "sd"}, "jenis", "waktu_datang"),
        ({"tiket": "A", "unit": "sd", "waktu_selesai": 5}, "waktu_selesai", "ISO 8601"),
        (
            {
                "tiket": "A",
                "unit": "sd",
                "waktu_datang": "2020-01-01T08:00:00+07:00",
                "nip_petugas": 198001012005011003,
            },
            "nip_petugas",
            "teks",
        ),
        (
            {"tiket": "x" * 61, "unit": "sd", "waktu_datang": "2020-01-01T08:00:00+07:00"},
            "tiket",
            "60",
        ),
    ],
)
def test_malformed_event_is_refused_with_an_indonesian_reason(cast, queue, event, field, words):
    result = events_ingest(source=queue.source, events=[event])

    assert len(result.refused) == 1
    error = result.refused[0]
    assert (error.index, error.field) == (0, field)
    assert words in error.message
    assert not ServiceTicket.objects.exists()


def test_naive_times_are_read_in_the_deployment_zone(cast, queue):
    y = year(cast)
    events_ingest(
        source=queue.source,
        events=[{"tiket": "Z", "unit": "sd", "waktu_datang": f"{y}-01-31T23:30:00"}],
    )
    # 23:30 WIB on 31 January: still January, although it is already 16:30 UTC.
    assert ServiceTicket.objects.get().month.month == 1


def test_inactive_source_takes_nothing(cast, queue):
    queue.source.active = False
    queue.source.save()
    with pytest.raises(IngestError):
        events_ingest(source=queue.source, events=[step("A", "datang", at(year(cast), 1, 6, 8))])
    assert not ServiceTicket.objects.exists()


def test_counts_sum_to_received(cast, queue):
    y = year(cast)
    result = events_ingest(
        source=queue.source,
        events=[
            step("A", "datang", at(y, 1, 6, 8)),
            step("A", "datang", at(y, 1, 6, 8)),
            step("A", "panggil", at(y, 1, 6, 8, 5)),
            step("B", "datang", at(y, 1, 6, 8), unit="nope"),
        ],
    )
    assert (result.created, result.unchanged, result.updated, len(result.refused)) == (1, 1, 1, 1)
    assert (
        result.created + result.updated + result.unchanged + len(result.refused) == result.received
    )
    assert Decimal(5) == ServiceTicket.objects.get().times.waiting


def test_a_ticket_created_by_a_concurrent_request_is_merged_on_retry(cast, queue, monkeypatch):
    y = year(cast)
    events_ingest(source=queue.source, events=[step("R-1", "datang", at(y, 1, 6, 8))])
    real = ServiceTicket.objects.select_for_update
    reads = []

    def first_read_misses_the_other_requests_row():
        reads.append(1)
        return ServiceTicket.objects.none() if len(reads) == 1 else real()

    monkeypatch.setattr(
        ServiceTicket.objects, "select_for_update", first_read_misses_the_other_requests_row
    )

    result = events_ingest(source=queue.source, events=[step("R-1", "panggil", at(y, 1, 6, 8, 9))])

    assert len(reads) == 2
    assert (result.created, result.updated) == (0, 1)
    assert ServiceTicket.objects.get().times.waiting == 9
