"""Made-up Indonesian civil servants: names, NIPs, usernames and ranks.

Everything is drawn from a `random.Random` passed in by the caller, so the same
seed always yields the same people. Names are combinations of common given
names and family names; any likeness to a real official is a coincidence.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from random import Random

MALE = 1
FEMALE = 2

MALE_GIVEN = (
    "Andi",
    "Budi",
    "Hendra",
    "Rahmat",
    "Agus",
    "Dedi",
    "Eko",
    "Fajar",
    "Hasan",
    "Irwan",
    "Joko",
    "Kurniawan",
    "Arif",
    "Bambang",
    "Dimas",
    "Fauzan",
    "Gilang",
    "Hadi",
    "Ilham",
    "Rizki",
    "Yusuf",
    "Zulkifli",
    "Syahrial",
    "Firdaus",
    "Ridwan",
    "Taufik",
    "Wahyu",
    "Yudi",
    "Aditya",
    "Bayu",
    "Heru",
    "Indra",
    "Muhammad",
    "Nur",
    "Reza",
    "Sandi",
    "Teguh",
    "Agustinus",
    "Yohanes",
    "Fransiskus",
    "Paulus",
    "Robert",
    "Kristian",
    "Daniel",
    "Samuel",
)
FEMALE_GIVEN = (
    "Siti",
    "Rina",
    "Dewi",
    "Sri",
    "Nurhayati",
    "Yuliana",
    "Fitri",
    "Ratna",
    "Wulan",
    "Ayu",
    "Lestari",
    "Indah",
    "Maya",
    "Nia",
    "Putri",
    "Rahmawati",
    "Sari",
    "Wahyuni",
    "Yanti",
    "Dian",
    "Eka",
    "Fatimah",
    "Hartini",
    "Ika",
    "Juwita",
    "Kartika",
    "Lina",
    "Mega",
    "Novi",
    "Oktaviani",
    "Puspita",
    "Rosmawati",
    "Suryani",
    "Tri",
    "Uswatun",
    "Vivi",
    "Zahra",
    "Natalia",
    "Maria",
    "Theresia",
    "Debora",
    "Agustina",
    "Elisabeth",
    "Yohana",
    "Mariana",
)
FAMILY = (
    "Pratama",
    "Santoso",
    "Hidayat",
    "Saputra",
    "Wijaya",
    "Kurniawan",
    "Setiawan",
    "Lubis",
    "Nasution",
    "Siregar",
    "Harahap",
    "Hasibuan",
    "Simanjuntak",
    "Sitompul",
    "Rahman",
    "Hakim",
    "Syahputra",
    "Firmansyah",
    "Ramadhan",
    "Susanto",
    "Gunawan",
    "Purnomo",
    "Marpaung",
    "Utomo",
    "Wibowo",
    "Hartono",
    "Sembiring",
    "Ginting",
    "Tarigan",
    "Effendi",
    "Basri",
    "Syafei",
    "Maulana",
    "Anwar",
    "Yusuf",
    "Zainal",
    "Arifin",
    "Hamzah",
    "Idris",
    "Sahay",
    "Bungai",
    "Tundan",
    "Dohong",
    "Lambung",
    "Nyahu",
    "Ijon",
    "Tingang",
    "Anden",
    "Rahmawati",
    "Lestari",
    "Handayani",
    "Permatasari",
    "Fitriani",
    "Kusumawati",
    "Susanti",
)
# Family names that read as women's names in Indonesian usage.
FEMALE_ONLY_FAMILY = frozenset(
    {"Rahmawati", "Lestari", "Handayani", "Permatasari", "Fitriani", "Kusumawati", "Susanti"}
)

# Academic and professional titles by persona: (prefix choices, suffix choices).
TITLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "umum": (("",), ("S.E.", "S.Sos.", "S.H.", "S.Kom.", "S.AP.", "A.Md.", "")),
    "pendidikan": (("",), ("S.Pd.", "S.Pd., M.Pd.", "S.Si.", "S.Kom.")),
    "guru": (("",), ("S.Pd.", "S.Pd.", "S.Pd., Gr.", "S.Si.", "S.Pd., M.Pd.")),
    "kesehatan": (("",), ("S.K.M.", "S.K.M., M.Kes.", "S.Kep.", "A.Md.Kes.")),
    "perawat": (("Ns.",), ("S.Kep.",)),
    "perawat_terampil": (("",), ("A.Md.Kep.",)),
    "bidan": (("",), ("A.Md.Keb.", "S.Tr.Keb.", "S.Keb., Bd.")),
    "apoteker": (("apt.",), ("S.Farm.", "S.Farm., M.Farm.")),
    "epidemiolog": (("",), ("S.K.M.", "S.K.M., M.Epid.")),
    "pimpinan_pendidikan": (("Dr.", ""), ("M.Pd.", "M.Si.")),
    "pimpinan_kesehatan": (("dr.",), ("M.Kes.", "M.P.H.", "Sp.KKLP")),
    "pimpinan": (("Dr.", ""), ("M.Si.", "M.M.", "M.T.", "M.A.P.")),
    "teknik": (("",), ("S.T.", "S.T., M.T.", "S.Kom.", "A.Md.T.")),
}


# Personas held (almost) only by one sex in Indonesian practice.
PERSONA_SEX = {"bidan": FEMALE}


@dataclass(frozen=True)
class Name:
    """A person's name as printed (with titles) and bare (for the username)."""

    display: str
    bare: str
    sex: int


def draw_name(rng: Random, *, persona: str = "umum", sex: int | None = None) -> Name:
    """A random name with titles fitting `persona` (see TITLES)."""
    sex = sex or PERSONA_SEX.get(persona) or rng.choice((MALE, FEMALE))
    given = rng.choice(MALE_GIVEN if sex == MALE else FEMALE_GIVEN)
    family_pool = FAMILY if sex == FEMALE else [f for f in FAMILY if f not in FEMALE_ONLY_FAMILY]
    family = rng.choice(family_pool)
    while family == given:
        family = rng.choice(family_pool)
    bare = f"{given} {family}"
    prefixes, suffixes = TITLES.get(persona, TITLES["umum"])
    return Name(
        display=with_titles(bare, rng.choice(prefixes), rng.choice(suffixes)), bare=bare, sex=sex
    )


def with_titles(bare: str, prefix: str, suffix: str) -> str:
    """'Andi Pratama' with 'Dr.' and 'M.Pd.' gives 'Dr. Andi Pratama, M.Pd.'."""
    text = f"{prefix} {bare}" if prefix else bare
    return f"{text}, {suffix}" if suffix else text


def username_base(bare_name: str) -> str:
    """'Andi Pratama' gives 'andi.pratama': first and last word, ASCII, lower case."""
    ascii_name = unicodedata.normalize("NFKD", bare_name).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_name.lower()) if w]
    if not words:
        return "pegawai"
    return words[0] if len(words) == 1 else f"{words[0]}.{words[-1]}"


class Usernames:
    """Hands out unique usernames: 'andi.pratama', then 'andi.pratama2', ..."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.next_suffix: dict[str, int] = {}

    def make(self, bare_name: str) -> str:
        base = username_base(bare_name)
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = self.next_suffix.get(base, 2)
        while f"{base}{n}" in self.taken:
            n += 1
        self.next_suffix[base] = n + 1
        username = f"{base}{n}"
        self.taken.add(username)
        return username


@dataclass(frozen=True)
class Identity:
    """A NIP and the facts encoded in it."""

    nip: str
    birth: dt.date
    appointed: tuple[int, int]  # (year, month) of TMT CPNS or PPPK
    pppk: bool

    def years_of_service(self, today: dt.date) -> int:
        return max(0, today.year - self.appointed[0])


class Nips:
    """Hands out unique, valid NIPs (BKN layout, see kinerja.organisation.nip).

    YYYYMMDD birth, YYYYMM appointment (at least 18 years after birth), one
    digit for sex, three digits of sequence number within that prefix.
    """

    # Appointment rounds of CPNS and PPPK usually start in these months.
    APPOINTMENT_MONTHS = (1, 2, 3, 4, 12)

    def __init__(self, rng: Random, *, today: dt.date, taken: Iterable[str] = ()) -> None:
        self.rng = rng
        self.today = today
        self.taken = set(taken)
        self.serials: dict[str, int] = {}

    def make(self, *, sex: int, min_age: int, max_age: int, pppk: bool = False) -> Identity:
        """A NIP for someone now aged between `min_age` and `max_age`."""
        rng = self.rng
        while True:
            age = rng.randint(min_age, max_age)
            birth = dt.date(self.today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            if pppk:
                # Most PPPK were appointed in the large rounds since 2021.
                latest = self.today.year - 1
                year = rng.randint(min(latest, max(2021, birth.year + 20)), latest)
            else:
                earliest = birth.year + rng.randint(22, 30)
                year = min(earliest, self.today.year - 1)
            month = rng.choice(self.APPOINTMENT_MONTHS)
            if (year, month) < (birth.year + 18, birth.month):
                continue
            prefix = f"{birth:%Y%m%d}{year:04d}{month:02d}{sex}"
            serial = self.serials.get(prefix, 0) + 1
            while serial <= 999 and f"{prefix}{serial:03d}" in self.taken:
                serial += 1
            if serial > 999:
                continue
            self.serials[prefix] = serial
            nip = f"{prefix}{serial:03d}"
            self.taken.add(nip)
            return Identity(nip=nip, birth=birth, appointed=(year, month), pppk=pppk)


# Position kind → age bracket of its holders (retirement is at 58, 60 for JPT).
AGE_BY_KIND = {
    "jpt": (48, 59),
    "administrator": (42, 57),
    "pengawas": (36, 56),
    "pelaksana": (24, 56),
    "fungsional": (25, 56),
}

_PNS_RANKS = (
    (0, "Penata Muda (III/a)"),
    (4, "Penata Muda Tingkat I (III/b)"),
    (8, "Penata (III/c)"),
    (12, "Penata Tingkat I (III/d)"),
    (16, "Pembina (IV/a)"),
)
_LEADER_RANKS = {
    "jpt": ("Pembina Utama Muda (IV/c)", "Pembina Tingkat I (IV/b)"),
    "administrator": ("Pembina (IV/a)", "Pembina Tingkat I (IV/b)"),
    "pengawas": ("Penata Tingkat I (III/d)", "Pembina (IV/a)"),
}


def rank_for(kind: str, identity: Identity, today: dt.date, rng: Random) -> str:
    """A plausible pangkat/golongan for the post and years of service."""
    if identity.pppk:
        # PPPK golongan: IX for ahli pertama, VII for terampil.
        return rng.choice(("Golongan IX", "Golongan IX", "Golongan VII"))
    if kind in _LEADER_RANKS:
        return rng.choice(_LEADER_RANKS[kind])
    years = identity.years_of_service(today)
    # Pelaksana posts top out at III/d; fungsional ones can reach IV/a.
    ranks = _PNS_RANKS[:-1] if kind == "pelaksana" else _PNS_RANKS
    rank = ranks[0][1]
    for threshold, label in ranks:
        if years >= threshold:
            rank = label
    return rank
