"""The web app and HTTP API (``parallax serve``): pages, their JSON twins, ingest by POST."""

from parallax.web.app import create_app

__all__ = ["create_app"]
