"""Demo notifications: collected from the demo's own SKP steps, feedback and waiting realisasi.

Nothing is invented here: the collector turns what the loader created (SKPs
submitted, returned, approved; the featured team's feedback threads, check-ins
and follow-up plans; realisasi not yet verified) into the items each demo
account sees under Notifikasi. Collecting is idempotent, so loading the demo
again adds nothing. Must run last, after the loader has set the SKP statuses
and demo.feedback has written the conversations.
"""

from __future__ import annotations

from kinerja.notifications.services import Collected, notifications_collect


def load() -> Collected:
    return notifications_collect()
