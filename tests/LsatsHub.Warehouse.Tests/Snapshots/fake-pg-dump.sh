#!/usr/bin/env bash
# A misbehaving stand-in for pg_dump, for tests. The first argument picks the misbehaviour; the rest
# are the arguments pg_dump would have received. Tests call it through a per-test wrapper named
# pg_dump (see FakePgDump.cs), so no executable bit has to survive the build.
set -u
mode="$1"
shift

file=""
arguments=("$@")
for ((i = 0; i < ${#arguments[@]}; i++)); do
    if [[ "${arguments[$i]}" == "--file" ]]; then
        file="${arguments[$((i + 1))]}"
    fi
done

case "$mode" in
    fail)
        echo "pg_dump: error: connection to server at \"db.example\" (10.0.0.1), port 5432 failed: FATAL:  database \"nope\" does not exist" >&2
        exit 1
        ;;
    partial-then-fail)
        printf 'PGDMP half a dump' > "$file"
        echo "pg_dump: error: Dumping the contents of table \"big\" failed: PQgetResult() failed." >&2
        echo "pg_dump: error: server closed the connection unexpectedly" >&2
        exit 3
        ;;
    echo-environment)
        echo "arguments: $*" >&2
        if [[ -n "${PGPASSWORD:-}" ]]; then echo "PGPASSWORD is set" >&2; else echo "PGPASSWORD is not set" >&2; fi
        # Misbehave on purpose: print the password itself, twice, so the redaction has something to do.
        echo "debug: PGPASSWORD=${PGPASSWORD:-} and once more ${PGPASSWORD:-}" >&2
        exit 2
        ;;
    hang)
        printf 'PGDMP the start of a long dump' > "$file"
        exec sleep 120
        ;;
    succeed)
        printf 'PGDMP fake dump' > "$file"
        exit 0
        ;;
    *)
        echo "fake-pg-dump: unknown mode '$mode'" >&2
        exit 64
        ;;
esac
