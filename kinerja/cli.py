"""The `kinerja` console command: Django's management commands and Kinerja's own.

`kinerja migrate`, `kinerja createsuperuser`, `kinerja demo`, `kinerja seed` ...
all go through Django's command runner with Kinerja's settings preselected.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
