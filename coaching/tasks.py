"""Coaching background tasks (thin entry points over services)."""
