"""Walking the position tree up and down from one node."""

from kinerja.organisation import tree
from kinerja.organisation.models import Position


def _position(name: str) -> Position:
    return Position.objects.get(name=name)


def test_below_reaches_every_level_under_the_node_and_nothing_beside_it(cast):
    head = Position.objects.get(name="Kepala Dinas", instansi=cast.instansi)
    chief = _position("Kepala Bidang SD")
    under_head = set(
        Position.objects.filter(pk__in=tree.below([head.pk])).values_list("name", flat=True)
    )
    assert under_head == {
        "Kepala Bidang SD",
        "Analis Kurikulum",
        "Kepala Bidang SMP",
        "Pengelola Data",
    }
    under_chief = set(
        Position.objects.filter(pk__in=tree.below([chief.pk])).values_list("name", flat=True)
    )
    assert under_chief == {"Analis Kurikulum"}


def test_below_of_a_leaf_or_of_nothing_is_empty(cast):
    leaf = _position("Analis Kurikulum")
    assert not Position.objects.filter(pk__in=tree.below([leaf.pk])).exists()
    assert not Position.objects.filter(pk__in=tree.below([])).exists()


def test_chain_above_lists_superiors_nearest_first(cast):
    staff = _position("Analis Kurikulum")
    names = [Position.objects.get(pk=pk).name for pk in tree.chain_above(staff.pk)]
    assert names == ["Kepala Bidang SD", "Kepala Dinas"]
    head = Position.objects.get(name="Kepala Dinas", instansi=cast.instansi)
    assert tree.chain_above(head.pk) == []
