from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="JobIds")


@_attrs_define
class JobIds:
    """The ids a bulk operation acts on.

    Attributes:
        ids (list[str]):
    """

    ids: list[str]
    JSON_FIELDS: ClassVar[tuple[str, ...]] = ("ids",)

    def to_dict(self) -> dict[str, Any]:
        ids = self.ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ids": ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ids = cast(list[str], d.pop("ids"))

        job_ids = cls(
            ids=ids,
        )

        return job_ids
