from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.failure_code import FailureCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="Failure")


@_attrs_define
class Failure:
    """Why a job failed. Null unless the status is `failed` (or a system cancel).

    Attributes:
        code (FailureCode | str | Unset):
        message (str | Unset):
    """

    code: FailureCode | str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        "code",
        "message",
    )

    def to_dict(self) -> dict[str, Any]:
        code: str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        elif isinstance(self.code, FailureCode):
            code = FailureCode(self.code).value
        else:
            code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _code_data = d.pop("code", UNSET)
        code: FailureCode | str | Unset
        if isinstance(_code_data, Unset):
            code = _code_data
        else:
            try:
                if not isinstance(_code_data, str):
                    raise TypeError()
                componentsschemas_failure_code_value_type_0 = FailureCode(_code_data)

                code = componentsschemas_failure_code_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                code = _code_data

        message = d.pop("message", UNSET)

        failure = cls(
            code=code,
            message=message,
        )

        failure.additional_properties = d
        return failure

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
