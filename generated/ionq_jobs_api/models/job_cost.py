from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.money import Money
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobCost")


@_attrs_define
class JobCost:
    """What a job cost. Absent or null `cost`/`estimated_cost` means not priced (not 0).

    Attributes:
        dry_run (bool | Unset):
        estimated_cost (Money | None | Unset):
        cost (Money | None | Unset):
    """

    dry_run: bool | Unset = UNSET
    estimated_cost: Money | None | Unset = UNSET
    cost: Money | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        "dry_run",
        "estimated_cost",
        "cost",
    )

    def to_dict(self) -> dict[str, Any]:
        dry_run = self.dry_run

        estimated_cost: dict[str, Any] | None | Unset
        if isinstance(self.estimated_cost, Unset):
            estimated_cost = UNSET
        elif isinstance(self.estimated_cost, Money):
            estimated_cost = self.estimated_cost.to_dict()
        else:
            estimated_cost = self.estimated_cost

        cost: dict[str, Any] | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        elif isinstance(self.cost, Money):
            cost = self.cost.to_dict()
        else:
            cost = self.cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if estimated_cost is not UNSET:
            field_dict["estimated_cost"] = estimated_cost
        if cost is not UNSET:
            field_dict["cost"] = cost

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dry_run = d.pop("dry_run", UNSET)

        _estimated_cost_data = d.pop("estimated_cost", UNSET)
        estimated_cost: Money | None | Unset
        if _estimated_cost_data is None or isinstance(_estimated_cost_data, Unset):
            estimated_cost = _estimated_cost_data
        else:
            try:
                if not isinstance(_estimated_cost_data, dict):
                    raise TypeError()
                estimated_cost_type_0 = Money.from_dict(_estimated_cost_data)

                estimated_cost = estimated_cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                estimated_cost = _estimated_cost_data

        _cost_data = d.pop("cost", UNSET)
        cost: Money | None | Unset
        if _cost_data is None or isinstance(_cost_data, Unset):
            cost = _cost_data
        else:
            try:
                if not isinstance(_cost_data, dict):
                    raise TypeError()
                cost_type_0 = Money.from_dict(_cost_data)

                cost = cost_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                cost = _cost_data

        job_cost = cls(
            dry_run=dry_run,
            estimated_cost=estimated_cost,
            cost=cost,
        )

        job_cost.additional_properties = d
        return job_cost

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
