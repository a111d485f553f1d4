# syntax=docker/dockerfile:1
# Keruen's image. The web (gunicorn), the worker and the scheduler all run from it, each with its
# own command (compose.yaml); docs/deploy.md explains the install, upgrades and backups.
#
# The base is pinned to a patch release; pin it by digest too (python:3.11.14-slim-trixie@sha256:…)
# once your registry has pulled it, so that a rebuild gets the very same base.
ARG PYTHON_IMAGE=python:3.11.14-slim-trixie

# --- build: the locked dependencies (wheels only, every hash checked), Keruen, static files ------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/keruen \
    && /opt/keruen/bin/python -m pip install --no-cache-dir "pip==26.3"
COPY requirements/runtime.txt requirements/runtime.txt
RUN /opt/keruen/bin/python -m pip install --no-cache-dir --require-hashes --only-binary :all: \
        --no-deps -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY src ./src
# setuptools comes from the lock: nothing is fetched to build Keruen itself.
RUN /opt/keruen/bin/python -m pip install --no-cache-dir --no-deps --no-build-isolation . \
    && KERUEN_HOME=/tmp/keruen-build KERUEN_STATIC_ROOT=/opt/keruen-static \
        /opt/keruen/bin/keruen collectstatic --no-input --verbosity 0

# --- runtime: system libraries, the virtualenv, a user without privileges ------------------------
FROM ${PYTHON_IMAGE}
# WeasyPrint (briefing PDFs) needs Pango and HarfBuzz's subsetter; DejaVu has Kazakh letters and ₸;
# the PostgreSQL client tools are what `keruen backup` and `keruen restore` run.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 keruen \
    && useradd --system --uid 10001 --gid keruen --home-dir /var/lib/keruen \
        --shell /usr/sbin/nologin keruen \
    && mkdir -p /var/lib/keruen \
    && chown keruen:keruen /var/lib/keruen
COPY --from=build /opt/keruen /opt/keruen
COPY --from=build --chown=keruen:keruen /opt/keruen-static /opt/keruen-static
ENV PATH=/opt/keruen/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KERUEN_ENV=production \
    KERUEN_HOME=/var/lib/keruen \
    KERUEN_STATIC_ROOT=/opt/keruen-static
USER 10001:10001
WORKDIR /var/lib/keruen
# Uploaded files and import uploads: shared by every web and worker container.
VOLUME ["/var/lib/keruen"]
EXPOSE 8000
CMD ["keruen", "serve", "--host", "0.0.0.0", "--port", "8000"]
