# syntax=docker/dockerfile:1
# Valmo's production image: one image, three processes (web, worker, beat) chosen by the command,
# and a release command run once per deploy before the services roll (docs/deploy.md).
# Rules (checked by tests/infra/test_dockerfile.py, which parses this file):
#   - every stage starts from the same slim base, pinned by its digest (multi-architecture index);
#   - compilers, uv and Node.js stay in the build stages; the final stage gets the venv, the code,
#     the collected static files and only the runtime libraries WeasyPrint needs;
#   - the final stage runs as a non-root user and has a HEALTHCHECK.
# Update the base: set the tag and the digest of the same image together (docs/deploy.md).
#checkov:skip=CKV_DOCKER_7:The base is python:3.11.14-slim-bookworm@sha256:… through ARG PYTHON_IMAGE, which checkov does not resolve; tests/infra/test_dockerfile.py checks the tag and digest.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

# --- Python packages from uv.lock (runtime only), into /opt/venv ------------------------------
FROM ${PYTHON_IMAGE} AS python-deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
# The same uv as scripts/install.sh (UV_VERSION there).
RUN pip install "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock ./
# --locked: exactly uv.lock; the project itself is not installed (manage.py puts platform/ on the path).
RUN uv sync --locked --no-dev --no-install-project --python /usr/local/bin/python

# --- Front-end packages (hds-core) from package-lock.json -------------------------------------
FROM ${PYTHON_IMAGE} AS node-deps
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- Code, compiled catalogues and collected static files -------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    VALMO_VAR_DIR=/app/var
COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY manage.py pyproject.toml ./
COPY platform ./platform
COPY tenants ./tenants
COPY accounts ./accounts
COPY privacy ./privacy
COPY coaching ./coaching
COPY competence ./competence
COPY api ./api
COPY web ./web
COPY onboarding ./onboarding
COPY locale ./locale
COPY infra/docker ./infra/docker
COPY --from=node-deps /app/node_modules ./node_modules
# collectstatic imports the production settings; these values exist for this step only.
RUN python manage.py compilemessages_py -v 0 \
    && VALMO_ENV=production SECRET_KEY=build-only-not-secret VALMO_BASE_DOMAIN=build.invalid \
       DATABASE_URL=postgres://build@build.invalid/build \
       python manage.py collectstatic --noinput -v 0 \
    && python -m compileall -q platform tenants accounts privacy coaching competence api web onboarding

# --- Final image: runtime libraries, the venv, the code; no compilers, no uv, no Node.js --------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="Valmo" \
      org.opencontainers.image.licenses="EUPL-1.2" \
      org.opencontainers.image.source="https://github.com/valmo-fi/valmo"
# WeasyPrint's runtime libraries (Pango, HarfBuzz subsetting) and a font; libpq is not needed
# (psycopg[binary] ships its own).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 valmo \
    && useradd --system --uid 10001 --gid valmo --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin valmo
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=valmo.settings \
    PYTHONPATH=/app/platform:/app \
    VALMO_ENV=production \
    VALMO_VAR_DIR=/app/var \
    PORT=8000
COPY --from=build /opt/venv /opt/venv
# Owned by root and read-only for the service user: the code cannot be changed at run time.
COPY --from=build /app /app
WORKDIR /app
USER valmo:valmo
EXPOSE 8000
# The full health endpoint (database, broker, storage) on the public host, as the ALB sees it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/infra/docker/healthcheck.py"]
# Web by default; the ECS task definitions override the command for the worker, beat and release:
#   celery -A valmo worker --loglevel=INFO
#   celery -A valmo beat --loglevel=INFO --schedule=/tmp/celerybeat-schedule
#   python manage.py valmo_release
CMD ["gunicorn", "--config", "/app/infra/docker/gunicorn.conf.py", "valmo.wsgi:application"]
