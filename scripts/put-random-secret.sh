#!/usr/bin/env bash
# Puts a new random value (48 random bytes, base64) into a secret created
# empty by Terraform, e.g. the key Envoy's OAuth2 filter signs its session
# cookies with (services.<name>.oauth2.hmacSecretName). The value never
# touches git, Terraform, its state or a command line: it is written to a
# private temporary directory, sent as file://, and removed on exit.
#
# usage: AWS_REGION=<region> scripts/put-random-secret.sh <secret-name>
#   e.g. AWS_PROFILE=acme-dev AWS_REGION=eu-west-1 scripts/put-random-secret.sh acme/dev/web/oauth2-hmac-key
# Rotation logs every user out: run it again, then
# `aws ecs update-service --force-new-deployment` for the service.
set -euo pipefail

# Options are mistakes here (the arguments are names): say so before doing anything.
for arg in "$@"; do
  case "$arg" in -*) echo "$(basename "$0"): unknown option $arg (usage: $0 <secret-name>)" >&2; exit 2 ;; esac
done

secret_name="${1:?usage: $0 <secret-name>}"
# The secret's region, explicitly: never whatever a profile's default region happens to be.
region="${AWS_REGION:?set AWS_REGION to the region of the secret (account.region of the environment file)}"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"

openssl rand -base64 48 | tr -d '\n' > "$workdir/secret.txt"
aws secretsmanager put-secret-value --region "$region" --secret-id "$secret_name" --secret-string "file://$workdir/secret.txt" --query VersionId --output text
