#!/usr/bin/env bash
# Benchmarks miniapp against its peers on generated registries, in one run on the same data:
#   validate: miniapp validate, check-jsonschema (PyPI), ajv-cli (npm)
#   status:   miniapp status (cold, and warm after one new commit), git log --name-status
# Every figure is the median of RUNS runs of wall time and peak memory (/usr/bin/time -v).
#
#   bench/run.sh                 # 10,000 files / 20,000 commits and 100,000 / 100,000
#   SIZES=10k RUNS=5 bench/run.sh
#   STEPS=status bench/run.sh    # re-measure one step; the other step's rows are kept
#
# Results go to target/bench/results-<size>.tsv and a Markdown table on stdout; the figures
# in docs/performance.md come from this script.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench"
runs="${RUNS:-5}"
peer_runs="${PEER_RUNS:-$runs}"
sizes="${SIZES:-10k 100k}"
steps=" ${STEPS:-validate status} "
mkdir -p "$work"
cd "$root"

# --- tools -----------------------------------------------------------------------------
CHECK_JSONSCHEMA_VERSION=0.33.3
AJV_CLI_VERSION=5.0.0
AJV_FORMATS_VERSION=3.0.1

install_peers() {
    if [ ! -x "$work/venv/bin/check-jsonschema" ]; then
        python3 -m venv "$work/venv"
        "$work/venv/bin/pip" install --quiet "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
    fi
    if [ ! -x "$work/node/node_modules/.bin/ajv" ]; then
        npm install --silent --prefix "$work/node" \
            "ajv-cli@$AJV_CLI_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" >/dev/null
    fi
}

# check-jsonschema gets the same schemas without `$id`, so relative `$ref`s resolve next to
# the file instead of at the `https://` id (a network fetch); nothing else changes. ajv reads
# the originals: it finds common.schema.json by its `$id` among the `-r` schemas.
peer_schemas() {
    rm -rf "$work/schemas" && mkdir -p "$work/schemas"
    for schema in schemas/*.json; do
        python3 - "$schema" "$work/schemas/$(basename "$schema")" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
schema.pop("$id", None)
json.dump(schema, open(sys.argv[2], "w"), ensure_ascii=False)
PY
    done
}

# --- measuring ---------------------------------------------------------------------------
# measure NAME RUNS COMMAND...: runs COMMAND, appends "name wall_seconds peak_kib exit" rows.
measure() {
    local name="$1" count="$2"
    shift 2
    for _ in $(seq "$count"); do
        [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
        local log
        log="$(mktemp)"
        local code=0
        /usr/bin/time -v "$@" >/dev/null 2>"$log" || code=$?
        local wall rss
        wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')"
        rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
        printf '%s\t%s\t%s\t%s\n' "$name" "$wall" "$rss" "$code" >>"$results"
        rm -f "$log"
    done
}

median() { # median NAME COLUMN (2 wall, 3 peak)
    awk -F'\t' -v name="$1" -v column="$2" '$1 == name {print $column}' "$results" |
        sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

kinds=(
    "registry:registry.yaml"
    "defect-catalog:defects.yaml"
    "partner:partners/*/partner.yaml"
    "partner-verification:partners/*/verification.yaml"
    "mini-app:partners/*/apps/*/app.yaml"
    "cooperation:partners/*/apps/*/cooperation.yaml"
    "rollout-request:partners/*/apps/*/rollouts/*.yaml"
    "review:partners/*/apps/*/reviews/*.yaml"
)

# Checks every file against its kind's schema, one check-jsonschema process per kind (as
# many as the argument limit needs). Formats it knows (email, date) are checked; our custom
# ones (vn-tax-code, vn-phone, vn-mobile, semver, https-url) are unknown to it and ignored.
run_check_jsonschema() {
    local registry="$1" status=0
    for entry in "${kinds[@]}"; do
        local kind="${entry%%:*}" pattern="${entry#*:}"
        (cd "$registry" && printf '%s\0' $pattern | xargs -0 "$work/venv/bin/check-jsonschema" \
            --quiet --schemafile "$work/schemas/$kind.schema.json") || status=1
    done
    return "$status"
}

# Checks every file with ajv-cli, one process per kind with ajv's own glob (it reads .yaml
# with js-yaml): draft 2020-12,
# common.schema.json as a referenced schema, ajv-formats for the standard formats, and
# `--strict=false` so our custom formats are ignored as unknown.
run_ajv() {
    local registry="$1" status=0
    for entry in "${kinds[@]}"; do
        local kind="${entry%%:*}" pattern="${entry#*:}"
        (cd "$registry" && "$work/node/node_modules/.bin/ajv" validate --spec=draft2020 \
            --strict=false --errors=line -c ajv-formats \
            -s "$root/schemas/$kind.schema.json" -r "$root/schemas/common.schema.json" \
            -d "$pattern" >/dev/null) || status=1
    done
    return "$status"
}

# --- one size ----------------------------------------------------------------------------
bench_size() {
    local size="$1" files commits
    case "$size" in
        10k) files=10000 commits=20000 ;;
        100k) files=100000 commits=100000 ;;
        *) files="${size%%/*}" commits="${size##*/}" ;;
    esac
    local registry="$work/registry-$size"
    results="$work/results-$size.tsv"
    # Drop the rows of the steps measured now; keep the others' from an earlier run.
    local measured=""
    case "$steps" in *" validate "*) measured="$measured miniapp-validate ajv-cli check-jsonschema" ;; esac
    case "$steps" in *" status "*) measured="$measured git-log miniapp-status-cold miniapp-status-warm" ;; esac
    touch "$results"
    awk -F'\t' -v drop="$measured" 'BEGIN { n = split(drop, d, " "); for (i = 1; i <= n; i++) skip[d[i]] = 1 }
        !($1 in skip)' "$results" >"$results.kept"
    mv "$results.kept" "$results"
    if [ ! -d "$registry" ]; then
        echo "generating $registry ($files files, $commits commits)" >&2
        "$root/target/release/examples/generate" --out "$registry" --files "$files" \
            --commits "$commits"
        # One pack, as a clone from a server holds it (the generator writes one per batch).
        git -C "$registry" repack -a -d -q
    fi

    case "$steps" in *" validate "*) bench_validate "$size" "$registry" ;; esac
    case "$steps" in *" status "*) bench_status "$size" "$registry" ;; esac
    report "$size" "$files" "$commits"
}

bench_validate() {
    local size="$1" registry="$2" miniapp="$root/target/release/miniapp"
    echo "validate ($size)" >&2
    measure miniapp-validate "$runs" "$miniapp" -q -C "$registry" validate
    measure ajv-cli "$peer_runs" "$0" peer run_ajv "$registry"
    measure check-jsonschema "$peer_runs" "$0" peer run_check_jsonschema "$registry"
}

bench_status() {
    local size="$1" registry="$2" miniapp="$root/target/release/miniapp"
    local cache="$registry/.git/miniapp"
    # A clock after the newest generated commit (the 100k history runs into 2029).
    local now=2030-01-01T00:00:00+07:00

    echo "status ($size)" >&2
    measure git-log "$runs" git -C "$registry" log --name-status '--format=%H%x00%ct' -- \
        partners registry.yaml defects.yaml
    BEFORE_EACH="rm -rf '$cache'" measure miniapp-status-cold "$runs" \
        "$miniapp" -q -C "$registry" status --now "$now"
    # Warm: the cache written at the old tip, then one new commit on the production branch.
    rm -rf "$cache"
    "$miniapp" -q -C "$registry" status --now "$now" >/dev/null
    rm -rf "$work/saved-cache" && cp -r "$cache" "$work/saved-cache"
    local old_tip
    old_tip="$(git -C "$registry" rev-parse HEAD)"
    (cd "$registry" && git -c user.name=bench -c user.email=bench@example.invalid \
        commit --quiet --allow-empty -m "bench: one more commit" &&
        sed -i 's/^note: .*/note: Đã liên hệ lại đối tác./' \
            "$(ls -d partners/*/apps/*/cooperation.yaml | head -n 1)" &&
        git -c user.name=bench -c user.email=bench@example.invalid commit --quiet -am \
            "bench: edit a cooperation note")
    BEFORE_EACH="rm -rf '$cache' && cp -r '$work/saved-cache' '$cache'" \
        measure miniapp-status-warm "$runs" \
        "$miniapp" -q -C "$registry" status --now "$now"
    git -C "$registry" reset --quiet --hard "$old_tip"
    rm -rf "$cache"
}


report() {
    local size="$1" files="$2" commits="$3"
    local v c a g s w
    v="$(median miniapp-validate 2)" c="$(median check-jsonschema 2)" a="$(median ajv-cli 2)"
    g="$(median git-log 2)" s="$(median miniapp-status-cold 2)" w="$(median miniapp-status-warm 2)"
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.1f", a / b }'; }
    mib() { awk -v k="$(median "$1" 3)" 'BEGIN { printf "%.0f", k / 1024 }'; }
    echo
    echo "### $size: $files files, $commits commits"
    echo
    echo "| command | median wall (s) | peak memory (MiB) | exit codes |"
    echo "|---|---:|---:|---|"
    for name in miniapp-validate ajv-cli check-jsonschema git-log miniapp-status-cold \
        miniapp-status-warm; do
        local codes
        codes="$(awk -F'\t' -v name="$name" '$1 == name {print $4}' "$results" | sort -u | paste -sd, -)"
        echo "| $name | $(median "$name" 2) | $(mib "$name") | $codes |"
    done
    echo
    echo "- check-jsonschema / miniapp validate: $(ratio "$c" "$v")×"
    echo "- ajv-cli / miniapp validate: $(ratio "$a" "$v")×"
    echo "- miniapp status (cold) / git log: $(ratio "$s" "$g")×"
    echo "- miniapp status (warm, one new commit) / cold: $(awk -v a="$w" -v b="$s" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
    echo "- miniapp status (cold) peak memory: $(mib miniapp-status-cold) MiB"
}

machine() {
    echo "## Machine"
    echo
    echo "- CPU: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores"
    echo "- memory: $(free -g | awk '/Mem:/ {print $2}') GiB; kernel $(uname -r)"
    echo "- $(git --version); $(python3 --version); node $(node --version)"
    echo "- check-jsonschema $CHECK_JSONSCHEMA_VERSION, ajv-cli $AJV_CLI_VERSION, ajv-formats $AJV_FORMATS_VERSION"
    echo "- $(rustc --version)"
}

main() {
    install_peers
    peer_schemas
    nice -n 10 env CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" \
        cargo build --quiet --locked --release --bin miniapp --example generate
    machine
    for size in $sizes; do
        bench_size "$size"
    done
}

# `run.sh peer FUNCTION REGISTRY` runs one peer, so /usr/bin/time can measure it.
if [ "${1:-}" = peer ]; then
    "$2" "$3"
else
    main "$@"
fi
