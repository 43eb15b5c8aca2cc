#!/usr/bin/env bash
# Puts the OAuth2 client secret the identity provider issued into its secret
# (created empty by Terraform: services.<name>.oauth2.clientSecretName). Envoy's
# oauth2 filter sends the value exactly as stored, so a trailing newline (what
# an editor or `echo` leaves in a file given as file://, which the AWS CLI sends
# verbatim) makes every login fail with invalid_client. So the value is read
# from the terminal (not echoed, not in shell history), surrounding whitespace
# is removed, and it reaches the AWS CLI through a private temporary file
# written without a newline and removed on exit.
#
# usage: AWS_REGION=<region> scripts/put-oauth2-client-secret.sh <secret-name>
#   e.g. AWS_PROFILE=acme-dev AWS_REGION=eu-west-1 scripts/put-oauth2-client-secret.sh acme/dev/web/oauth2-client-secret
# Rotation: put the new value, then `aws ecs update-service --force-new-deployment`
# for the service (tasks read the secret only when they start).
set -euo pipefail

# Options are mistakes here (the arguments are names): say so before doing anything.
for arg in "$@"; do
  case "$arg" in -*) echo "$(basename "$0"): unknown option $arg (usage: AWS_REGION=<region> $0 <secret-name>)" >&2; exit 2 ;; esac
done

secret_name="${1:?usage: AWS_REGION=<region> $0 <secret-name>}"
# The secret's region, explicitly: never whatever a profile's default region happens to be.
region="${AWS_REGION:?set AWS_REGION to the region of the secret (account.region of the environment file)}"

read -r -s -p "OAuth2 client secret for ${secret_name}: " raw
echo
# Leading and trailing whitespace (spaces, tabs, a pasted CR or LF) is never part of a client secret.
value="${raw#"${raw%%[![:space:]]*}"}"
value="${value%"${value##*[![:space:]]}"}"
[ -n "$value" ] || { echo "expected the client secret, got nothing" >&2; exit 2; }

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"
printf '%s' "$value" > "$workdir/secret.txt"

aws secretsmanager put-secret-value --region "$region" --secret-id "$secret_name" --secret-string "file://$workdir/secret.txt" --query VersionId --output text
