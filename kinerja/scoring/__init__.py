"""Kinerja scoring engine: pure, standard-library formulas for ASN performance appraisal.

Every function returns a :class:`Scored` value with the steps that explain it. Nothing here
imports Django; the web side stores inputs, policy version and steps beside each score.
"""

from kinerja.scoring.capaian import (
    IndicatorInput,
    RhkInput,
    SkpCapaian,
    aggregate,
    capaian,
    nilai,
    skp_capaian,
    weighted_mean,
)
from kinerja.scoring.distribution import DistributionResult, Violation, check_distribution
from kinerja.scoring.explain import STEP_CODES, Scored, Step, quantize
from kinerja.scoring.legacy import (
    legacy_behaviour,
    legacy_score,
    pp30_final,
    pp46_band,
    pp46_mean,
    pp46_prestasi,
    pp46_ratio,
    pp46_time_or_cost,
)
from kinerja.scoring.parts import combine_parts
from kinerja.scoring.policy import Bound, DistributionRule, ScoringPolicy
from kinerja.scoring.proration import prorate_target
from kinerja.scoring.rating import (
    PREDIKAT_MATRIX,
    behaviour_rating,
    credit_points,
    predikat,
    propose_rating,
    tpp_percent,
)
from kinerja.scoring.survey import SkmResult, skm_index, skm_sample_size
from kinerja.scoring.types import (
    Aggregation,
    OrgPredikat,
    PeriodValue,
    Polarity,
    Predikat,
    Rating,
    RhkKind,
    Target,
)

__all__ = [
    "PREDIKAT_MATRIX",
    "STEP_CODES",
    "Aggregation",
    "Bound",
    "DistributionResult",
    "DistributionRule",
    "IndicatorInput",
    "OrgPredikat",
    "PeriodValue",
    "Polarity",
    "Predikat",
    "Rating",
    "RhkInput",
    "RhkKind",
    "Scored",
    "ScoringPolicy",
    "SkmResult",
    "SkpCapaian",
    "Step",
    "Target",
    "Violation",
    "aggregate",
    "behaviour_rating",
    "capaian",
    "check_distribution",
    "combine_parts",
    "credit_points",
    "legacy_behaviour",
    "legacy_score",
    "nilai",
    "pp30_final",
    "pp46_band",
    "pp46_mean",
    "pp46_prestasi",
    "pp46_ratio",
    "pp46_time_or_cost",
    "predikat",
    "propose_rating",
    "prorate_target",
    "quantize",
    "skm_index",
    "skm_sample_size",
    "skp_capaian",
    "tpp_percent",
    "weighted_mean",
]
