"""Small helpers the API's area views share (defined with the base views in ``api.base``)."""

from __future__ import annotations

from api.base import actor_of, paged

__all__ = ["actor_of", "paged"]
