from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.noise_model import NoiseModel
from ..types import UNSET, Unset

T = TypeVar("T", bound="Noise")


@_attrs_define
class Noise:
    """The simulator's noise settings. Present for simulator jobs.

    Attributes:
        model (NoiseModel | str | Unset):
        seed (int | Unset):
    """

    model: NoiseModel | str | Unset = UNSET
    seed: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        "model",
        "seed",
    )

    def to_dict(self) -> dict[str, Any]:
        model: str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, NoiseModel):
            model = NoiseModel(self.model).value
        else:
            model = self.model

        seed = self.seed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model
        if seed is not UNSET:
            field_dict["seed"] = seed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _model_data = d.pop("model", UNSET)
        model: NoiseModel | str | Unset
        if isinstance(_model_data, Unset):
            model = _model_data
        else:
            try:
                if not isinstance(_model_data, str):
                    raise TypeError()
                componentsschemas_noise_model_value_type_0 = NoiseModel(_model_data)

                model = componentsschemas_noise_model_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                model = _model_data

        seed = d.pop("seed", UNSET)

        noise = cls(
            model=model,
            seed=seed,
        )

        noise.additional_properties = d
        return noise

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
