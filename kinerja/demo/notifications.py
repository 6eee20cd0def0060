"""Demo notifications: collected from the demo's own SKP steps and waiting realisasi.

Nothing is invented here: the collector turns what the loader created (SKPs
submitted, returned, approved; realisasi not yet verified) into the items each
demo account sees under Notifikasi. Collecting is idempotent, so loading the
demo again adds nothing. Must run after the loader has set the SKP statuses.
"""

from __future__ import annotations

from kinerja.notifications.services import Collected, notifications_collect


def load() -> Collected:
    return notifications_collect()
