from enum import StrEnum


class CostModel(StrEnum):
    QCT = "QCT"
    VALUE_1 = "2QGE_operations"

    def __str__(self) -> str:
        return str(self.value)
