"""openapi.yaml as a checker of real HTTP traffic (openapi-core), for the mock and the tests."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from werkzeug import Request, Response

if TYPE_CHECKING:
    from openapi_core import OpenAPI


class Contract:
    """Validates requests to and responses from the mock against openapi.yaml (as shipped)."""

    def __init__(self, openapi: OpenAPI) -> None:
        self._openapi = openapi

    @classmethod
    @functools.cache
    def load(cls) -> Contract:
        """Parsed once per process: building the validators costs a few hundred ms."""
        from openapi_core import OpenAPI

        # the spec as the generated package ships it (no symlink: a Windows checkout breaks one)
        spec = json.loads(files("ionq_jobs_api").joinpath("openapi.json").read_text("utf-8"))
        # openapi-core matches requests against `servers`: point them at loopback, any port.
        spec["servers"] = [
            {"url": "http://{host}:{port}/v0.4", "variables": {
                "host": {"default": "127.0.0.1", "enum": ["127.0.0.1", "localhost"]},
                "port": {"default": "80"},
            }}
        ]  # fmt: skip
        return cls(OpenAPI.from_dict(spec))

    def unmarshal_request(self, request: Request) -> tuple[dict[str, Any] | None, list[str]]:
        """(query as the spec reads it, problems). Problems include keys a validator would
        silently drop: a repeated scalar, an unknown parameter, ids that do not survive."""
        from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest

        result = self._openapi.unmarshal_request(WerkzeugOpenAPIRequest(request))
        if result.errors:
            return None, [_describe(error) for error in result.errors]
        query = dict(result.parameters.query)
        problems = _dropped_keys(request, query)
        return (None if problems else query), problems

    def response_problems(self, request: Request, response: Response) -> list[str]:
        from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

        # validate (not unmarshal): twenty times faster, and nobody needs Python objects back
        errors = self._openapi.iter_response_errors(
            WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)
        )
        return [_describe(error) for error in errors]


def _dropped_keys(request: Request, query: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, values in request.args.lists():
        if key not in query:
            problems.append(f"query parameter {key!r} is not in the spec")
        elif key != "ids" and len(values) > 1:
            problems.append(f"query parameter {key!r} sent {len(values)} times")
        elif key == "ids" and list(query[key]) != values:
            problems.append(f"ids unmarshalled as {query[key]!r}, sent as {values!r}")
    return problems


def _describe(error: Exception) -> str:
    details = [str(error)]
    cause = error.__cause__
    while cause is not None:
        details.append(str(cause).splitlines()[0])
        cause = cause.__cause__
    for sub in getattr(error, "schema_errors", ()) or ():
        details.append(str(getattr(sub, "message", sub)))
    return " / ".join(details)
