import ast
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kinerja import scoring
from kinerja.scoring import (
    STEP_CODES,
    Aggregation,
    IndicatorInput,
    OrgPredikat,
    PeriodValue,
    Polarity,
    Predikat,
    Rating,
    RhkInput,
    RhkKind,
    Scored,
    ScoringPolicy,
    Target,
    aggregate,
    behaviour_rating,
    capaian,
    check_distribution,
    credit_points,
    nilai,
    predikat,
    propose_rating,
    quantize,
    skm_index,
    skp_capaian,
    weighted_mean,
)

SCORING_DIR = Path(scoring.__file__).parent
POLICY = ScoringPolicy()
small = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
maybe = st.none() | small
ratings = st.sampled_from(list(Rating))


@st.composite
def scored_results(draw: st.DrawFn) -> Scored[Any]:
    """One result of any engine function, from generated inputs."""
    t = draw(small.filter(bool))
    calls: list[Callable[[], Scored[Any]]] = [
        lambda: capaian(
            draw(small), Target(low=t, high=t + 1), Polarity.RANGE, cap=draw(st.none() | small)
        ),
        lambda: capaian(
            draw(small),
            Target(t),
            draw(
                st.sampled_from([Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.MILESTONE])
            ),
            cap=D(120),
        ),
        lambda: nilai(draw(small)),
        lambda: weighted_mean(draw(st.lists(st.tuples(small, maybe)))),
        lambda: aggregate(
            [
                PeriodValue(numerator=n, denominator=d) if n is not None else PeriodValue()
                for n, d in draw(st.lists(st.tuples(maybe, small)))
            ],
            Aggregation.RATIO,
        ),
        lambda: aggregate(
            [PeriodValue(v) for v in draw(st.lists(maybe))],
            draw(st.sampled_from([a for a in Aggregation if a != "ratio"])),
        ),
        lambda: skp_capaian(
            [
                RhkInput(
                    f"r{i}",
                    draw(st.sampled_from(list(RhkKind))),
                    [IndicatorInput(f"i{j}", w, c) for j, (w, c) in enumerate(inds)],
                )
                for i, inds in enumerate(draw(st.lists(st.lists(st.tuples(small, maybe)))))
            ],
            cap=D(120),
        ),
        lambda: propose_rating(draw(maybe), POLICY),
        lambda: behaviour_rating(
            draw(st.lists(ratings, min_size=1, max_size=7)),
            draw(st.sampled_from([POLICY, ScoringPolicy(behaviour_rule="lowest")])),
        ),
        lambda: predikat(draw(ratings), draw(ratings)),
        lambda: credit_points(draw(st.sampled_from(list(Predikat))), draw(small), POLICY),
        lambda: check_distribution(
            draw(st.sampled_from(list(OrgPredikat))),
            draw(st.dictionaries(st.sampled_from(list(Predikat)), st.integers(0, 20))),
            POLICY,
        ),
        lambda: skm_index({f"U{i}": draw(st.decimals(1, 4, places=3)) for i in range(1, 10)}),
    ]
    call: Callable[[], Scored[Any]] = draw(st.sampled_from(calls))
    return call()


@given(scored_results())
def test_every_emitted_step_code_is_known(result: Scored[Any]) -> None:
    assert result.steps
    for s in result.steps:
        assert s.code in STEP_CODES
        for value in s.values.values():
            assert value is None or isinstance(value, D | str)


@given(scored_results())
def test_scored_round_trips_through_json_dict(result: Scored[Any]) -> None:
    import json

    data = json.loads(json.dumps(result.to_dict()))
    assert Scored.from_dict(data) == result


def test_round_trip_keeps_types_apart() -> None:
    result = Scored(Rating.ABOVE, (scoring.Step("rating.proposed", "", {"a": D(1), "b": "1"}),))
    back = Scored.from_dict(result.to_dict())
    assert back.value is Rating.ABOVE
    assert back.steps[0].values == {"a": D(1), "b": "1"}
    assert isinstance(back.steps[0].values["b"], str)


def test_policy_round_trip_and_defaults() -> None:
    import json

    custom = ScoringPolicy(version="jambi-2026", capaian_cap=D(110), behaviour_rule="lowest")
    assert ScoringPolicy.from_dict(json.loads(json.dumps(custom.to_dict()))) == custom
    assert ScoringPolicy.from_dict({}) == ScoringPolicy()
    assert POLICY.credit_point_percent[Predikat.SANGAT_BAIK] == 150


def test_quantize_is_half_up() -> None:
    assert quantize(D("107.142857")) == D("107.14")
    assert quantize(D("0.125")) == D("0.13")
    assert quantize(D("87.5"), 0) == D(88)


def test_scoring_never_imports_django_or_third_party() -> None:
    allowed_roots = {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "itertools",
        "statistics",
        "typing",
        "kinerja",
    }
    for path in SCORING_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]} if node.level == 0 else set()
            else:
                continue
            assert "django" not in roots, path
            assert roots <= allowed_roots, (path, roots)
