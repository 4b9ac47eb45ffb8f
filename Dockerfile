# jobsplatform image: one image for the web server, the Celery worker and beat (see docker-compose.yml).

# The documentation site, built apart so MkDocs stays out of the image; the app serves it at /docs/.
FROM python:3.11-slim AS docs
WORKDIR /src
COPY pyproject.toml mkdocs.yml ./
COPY docs ./docs
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['docs']))" \
        > /tmp/requirements-docs.txt \
    && pip install --no-cache-dir -r /tmp/requirements-docs.txt \
    && NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir /site

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data \
    JOBS_ROOT=/opt/jobsplatform/jobs \
    GIT_ROOT=/opt/jobsplatform/git

# git: Git-backed job sources are cloned with the git binary (GitPython drives it).
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 1000 jobsplatform \
    && useradd --system --uid 1000 --gid jobsplatform --home-dir /app --shell /usr/sbin/nologin jobsplatform

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# Where settings.DOCS_SITE_DIR looks (BASE_DIR/var/docs-site); var/ itself is not in the build context.
COPY --from=docs /site /app/var/docs-site
# Editable, so settings find templates/, static/ and jobs/ next to the code in /app.
RUN pip install --no-deps -e . \
    && mkdir -p /data /opt/jobsplatform/jobs /opt/jobsplatform/git \
    && cp -r jobs/. /opt/jobsplatform/jobs/ \
    && SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && rm -f /data/secret_key \
    && chown -R jobsplatform:jobsplatform /data /opt/jobsplatform

# Named volumes mounted here start as copies of these folders: static files and the example jobs.
VOLUME ["/data", "/opt/jobsplatform/jobs", "/opt/jobsplatform/git"]
USER jobsplatform
EXPOSE 8080

CMD ["gunicorn", "jobsplatform.wsgi:application", "--bind=0.0.0.0:8080", "--workers=3", "--threads=2", "--access-logfile=-"]
