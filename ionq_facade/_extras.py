"""What to tell a user whose install lacks an optional part (the `[cli]` or `[testing]` extra).

ionq-jobs is not on the package index: the extra is installed from a clone of the repository.
"""

from __future__ import annotations


def missing_extra_message(extra: str, missing: list[str]) -> str:
    return (
        f"this needs the [{extra}] extra ({', '.join(missing)} not installed): "
        f"pip install '.[{extra}]' in a clone of ionq-jobs "
        f"(or pip install 'ionq-jobs[{extra}]' once it is published)"
    )
