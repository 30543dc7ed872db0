from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.job_status import JobStatus
from ...models.jobs_page import JobsPage
from ...types import UNSET, Response, Unset


def request_kwargs(
    *,
    ids: list[str] | Unset = UNSET,
    parent_job_id: str | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    target: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    submitter_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    next_: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_ids: list[str] | Unset = UNSET
    if not isinstance(ids, Unset):
        json_ids = ids

    params["ids"] = json_ids

    params["parent_job_id"] = parent_job_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = JobStatus(status).value

    params["status"] = json_status

    params["target"] = target

    params["session_id"] = session_id

    params["submitter_id"] = submitter_id

    params["limit"] = limit

    params["next"] = next_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | JobsPage | None:
    try:
        return _parse_documented(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _parse_documented(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | JobsPage | None:
    if response.status_code == 200:
        response_200 = JobsPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Error.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _status(code: int) -> HTTPStatus | int:
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | JobsPage]:
    return Response(
        status_code=_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    ids: list[str] | Unset = UNSET,
    parent_job_id: str | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    target: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    submitter_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    next_: str | Unset = UNSET,
) -> Response[Error | JobsPage]:
    """List the jobs of the project the API key belongs to

     Returns one page of jobs, newest first. Follow `next` (an opaque cursor) with the same
    filters to read the following page; `next` is null on the last page.

    Args:
        ids (list[str] | Unset):
        parent_job_id (str | Unset):
        status (JobStatus | Unset): The documented job statuses. Used as-is for the `status`
            filter (strict). Responses use
            `JobStatusValue`, which also admits statuses added later.
        target (str | Unset):
        session_id (str | Unset):
        submitter_id (str | Unset):
        limit (int | Unset):
        next_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobsPage]
    """

    kwargs = request_kwargs(
        ids=ids,
        parent_job_id=parent_job_id,
        status=status,
        target=target,
        session_id=session_id,
        submitter_id=submitter_id,
        limit=limit,
        next_=next_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    ids: list[str] | Unset = UNSET,
    parent_job_id: str | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    target: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    submitter_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    next_: str | Unset = UNSET,
) -> Error | JobsPage | None:
    """List the jobs of the project the API key belongs to

     Returns one page of jobs, newest first. Follow `next` (an opaque cursor) with the same
    filters to read the following page; `next` is null on the last page.

    Args:
        ids (list[str] | Unset):
        parent_job_id (str | Unset):
        status (JobStatus | Unset): The documented job statuses. Used as-is for the `status`
            filter (strict). Responses use
            `JobStatusValue`, which also admits statuses added later.
        target (str | Unset):
        session_id (str | Unset):
        submitter_id (str | Unset):
        limit (int | Unset):
        next_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobsPage
    """

    return sync_detailed(
        client=client,
        ids=ids,
        parent_job_id=parent_job_id,
        status=status,
        target=target,
        session_id=session_id,
        submitter_id=submitter_id,
        limit=limit,
        next_=next_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    ids: list[str] | Unset = UNSET,
    parent_job_id: str | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    target: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    submitter_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    next_: str | Unset = UNSET,
) -> Response[Error | JobsPage]:
    """List the jobs of the project the API key belongs to

     Returns one page of jobs, newest first. Follow `next` (an opaque cursor) with the same
    filters to read the following page; `next` is null on the last page.

    Args:
        ids (list[str] | Unset):
        parent_job_id (str | Unset):
        status (JobStatus | Unset): The documented job statuses. Used as-is for the `status`
            filter (strict). Responses use
            `JobStatusValue`, which also admits statuses added later.
        target (str | Unset):
        session_id (str | Unset):
        submitter_id (str | Unset):
        limit (int | Unset):
        next_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | JobsPage]
    """

    kwargs = request_kwargs(
        ids=ids,
        parent_job_id=parent_job_id,
        status=status,
        target=target,
        session_id=session_id,
        submitter_id=submitter_id,
        limit=limit,
        next_=next_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    ids: list[str] | Unset = UNSET,
    parent_job_id: str | Unset = UNSET,
    status: JobStatus | Unset = UNSET,
    target: str | Unset = UNSET,
    session_id: str | Unset = UNSET,
    submitter_id: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    next_: str | Unset = UNSET,
) -> Error | JobsPage | None:
    """List the jobs of the project the API key belongs to

     Returns one page of jobs, newest first. Follow `next` (an opaque cursor) with the same
    filters to read the following page; `next` is null on the last page.

    Args:
        ids (list[str] | Unset):
        parent_job_id (str | Unset):
        status (JobStatus | Unset): The documented job statuses. Used as-is for the `status`
            filter (strict). Responses use
            `JobStatusValue`, which also admits statuses added later.
        target (str | Unset):
        session_id (str | Unset):
        submitter_id (str | Unset):
        limit (int | Unset):
        next_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | JobsPage
    """

    return (
        await asyncio_detailed(
            client=client,
            ids=ids,
            parent_job_id=parent_job_id,
            status=status,
            target=target,
            session_id=session_id,
            submitter_id=submitter_id,
            limit=limit,
            next_=next_,
        )
    ).parsed
