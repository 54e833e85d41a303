"""Per-municipality API keys: creation, revocation, authentication and rate limits.

Reads are in ``selectors``, writes in ``services``; ``authentication`` and ``throttling`` are
the DRF classes named in ``REST_FRAMEWORK``. See docs/api-keys-webhooks.md.
"""
