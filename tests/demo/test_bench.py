"""The benchmark measures every scenario on real generated data and judges the targets."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kinerja.demo.bench import Scenario, Targets, bench_run, report_lines
from kinerja.organisation.models import Instansi


def test_bench_measures_each_scenario_with_real_responses(db):
    report = bench_run(
        employees=40, instansi_code="bench-test", samples=3, targets=Targets(), say=lambda _: None
    )
    names = [s.name for s in report.scenarios]
    assert names == [
        "Kinerja Saya",
        "Tim Saya",
        "Pegawai (HR, page 1)",
        "Catat realisasi → capaian",
        "SKP (pegawai)",
        "Persetujuan SKP (penilai)",
        "Matriks Peran Hasil (pimpinan)",
        "SKP Terlambat (HR, page 1)",
        names[8],
        names[9],
        names[10],
        "Dokumen Evaluasi PDF",
        "Keberatan (atasan penilai)",
        "Keberatan (HR)",
        "Penyimpangan rating (HR)",
        "Evaluasi kepala unit (GET)",
        "Finalkan satu evaluasi",
        names[-1],
    ]
    assert names[8].startswith("Kalibrasi unit (") and names[8].endswith(" evaluasi)")
    assert names[9].startswith("Rekap evaluasi HTML (") and names[9].endswith(" baris)")
    assert names[10].startswith("Rekap evaluasi XLSX (") and names[10].endswith(" baris)")
    assert names[-1].startswith("Terapkan template (") and names[-1].endswith(" pemegang)")
    assert all(len(s.samples_ms) == 3 and s.queries for s in report.scenarios[:-1])
    assert report.seed_counts["evaluasi"] > 40  # two periods
    assert report.seed_counts["keberatan"] > 0
    assert report.seed_counts["predikat unit"] > 0
    assert len(report.scenarios[-1].samples_ms) == 1
    assert report.recompute_plans == 40
    assert report.seed_counts["realisasi"] > 0
    assert any("Full recompute: 40 SKP" in line for line in report_lines(report))


def test_a_scenario_over_its_target_is_missed():
    slow = Scenario("x", samples_ms=[10.0] * 18 + [900.0] * 2, target_ms=500)
    assert slow.p95 == 900.0
    assert not slow.passed
    assert Scenario("y", samples_ms=[10.0, 20.0], target_ms=500).passed
    assert not Scenario("z", target_ms=500).passed  # nothing measured is no pass


def test_bench_command_fails_on_a_missed_target_and_cleans_up(db, capsys):
    with pytest.raises(CommandError, match="target was missed"):
        call_command("bench", employees=20, samples=2, page_p95_ms=0.0001)
    assert "MISSED" in capsys.readouterr().out
    assert not Instansi.objects.filter(code="bench").exists()
