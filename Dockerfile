# Two stages: build mediationd (and mediation-seed) on full Debian, ship them on bookworm-slim
# with only their runtime libraries. Build from the repository root: docker build -t mediationd .

# ---- build ----------------------------------------------------------------------------------
FROM debian:bookworm AS build

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        build-essential cmake pkg-config \
        libmicrohttpd-dev libpq-dev libcjson-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*

COPY . /src
RUN cmake -S /src -B /src/build-release -DCMAKE_BUILD_TYPE=Release -DMEDIATION_TESTS=OFF \
    && cmake --build /src/build-release --target mediationd mediation-seed -j

# ---- runtime --------------------------------------------------------------------------------
FROM debian:bookworm-slim AS runtime

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libmicrohttpd12 libpq5 libcjson1 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# Fixed uid/gid so that volume permissions and security policies can name them.
RUN groupadd --system --gid 10001 mediation \
    && useradd --system --uid 10001 --gid mediation --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin mediation

COPY --from=build /src/build-release/bin/mediationd /usr/local/bin/mediationd
# the data generator, for demos and benchmarks: docker run --entrypoint mediation-seed …
COPY --from=build /src/build-release/bin/mediation-seed /usr/local/bin/mediation-seed

USER 10001:10001
ENV LISTEN=0.0.0.0:8080
EXPOSE 8080

# No HEALTHCHECK: this image has no curl or wget to probe /healthz with. Let the orchestrator
# probe /healthz (liveness) and /readyz (readiness) over HTTP instead.
ENTRYPOINT ["mediationd"]
CMD ["serve"]
