#!/usr/bin/env bash
# Starts the whole system locally; see deploy/local/run-local.sh --help.
exec "$(dirname "$0")/deploy/local/run-local.sh" "$@"
