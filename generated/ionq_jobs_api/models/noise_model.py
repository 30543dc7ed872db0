from enum import StrEnum


class NoiseModel(StrEnum):
    ARIA_1 = "aria-1"
    ARIA_2 = "aria-2"
    FORTE_1 = "forte-1"
    FORTE_ENTERPRISE_1 = "forte-enterprise-1"
    HARMONY = "harmony"
    HARMONY_1 = "harmony-1"
    HARMONY_2 = "harmony-2"
    IDEAL = "ideal"

    def __str__(self) -> str:
        return str(self.value)
