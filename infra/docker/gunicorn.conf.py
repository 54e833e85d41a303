"""Gunicorn settings of the web container (Dockerfile); every value can be set from the task.

Sync workers: Valmo's views are short database-bound requests, and each worker keeps one
connection per process (CONN_MAX_AGE), so the pool size is workers x tasks (docs/deploy.md).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20  # ECS sends SIGTERM, then SIGKILL after the stop timeout (30 s)
keepalive = 75  # longer than the ALB's idle timeout (60 s): the ALB closes idle connections
max_requests = 2000  # recycle workers now and then, against slow leaks
max_requests_jitter = 200
forwarded_allow_ips = "*"  # only the ALB reaches the tasks (security group), it sets X-Forwarded-*
accesslog = "-"
errorlog = "-"
worker_tmp_dir = "/dev/shm"  # noqa: S108 -- a memory file system; the root one is read-only in ECS
