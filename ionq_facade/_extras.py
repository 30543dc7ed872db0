"""What to tell a user whose install lacks an optional part (the `[cli]` or `[testing]` extra)."""

from __future__ import annotations


def missing_extra_message(extra: str, missing: list[str]) -> str:
    return (
        f"this needs the [{extra}] extra ({', '.join(missing)} not installed): "
        f"pip install 'ionq-jobs[{extra}]'"
    )
