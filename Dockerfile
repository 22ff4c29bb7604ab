# syntax=docker/dockerfile:1
# Build: a static, pure-Go binary (modernc.org/sqlite needs no cgo).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/hangtime ./cmd/hangtime \
 && mkdir -p /out/data

# Run: no shell, no package manager, a non-root user; time zone data is
# embedded in the binary (time/tzdata).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/hangtime /hangtime
COPY --from=build --chown=65532:65532 /out/data /data
ENV HANGTIME_DB=/data/hangtime.db
VOLUME /data
USER 65532:65532
ENTRYPOINT ["/hangtime"]
