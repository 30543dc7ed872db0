"""A client library for accessing IonQ Jobs API (the jobs resource)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
