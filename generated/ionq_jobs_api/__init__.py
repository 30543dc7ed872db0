"""A client library for accessing IonQ Jobs API (list jobs)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
