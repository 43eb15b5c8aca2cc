#!/usr/bin/env bash
# Puts the Docker Hub credential ECR's pull through cache pulls with into its
# secret (created empty by Terraform: ecr-pullthroughcache/<project>-<env>/docker-hub,
# JSON keys username and accessToken, as ECR expects:
# https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-secret.html).
# Use a Docker Hub personal access token with public read-only scope. The token
# is read from the terminal (not echoed, not in shell history) and passed to
# the AWS CLI through a private temporary file removed on exit; it never
# touches git, Terraform or its state.
#
# usage: AWS_REGION=<region> scripts/put-docker-hub-credential.sh <secret-name> <docker-hub-username>
#   e.g. AWS_PROFILE=acme-dev AWS_REGION=eu-west-1 scripts/put-docker-hub-credential.sh ecr-pullthroughcache/acme-dev/docker-hub acmebot
# Put it before the pull through cache rule is created (ECR reads it then);
# rotation: run it again (ECR reads the secret when it next pulls from Docker Hub).
set -euo pipefail

# Options are mistakes here (the arguments are names): say so before doing anything.
for arg in "$@"; do
  case "$arg" in -*) echo "$(basename "$0"): unknown option $arg (usage: $0 <secret-name> <docker-hub-username>)" >&2; exit 2 ;; esac
done

secret_name="${1:?usage: $0 <secret-name> <docker-hub-username>}"
# The secret's region, explicitly: never whatever a profile's default region happens to be.
region="${AWS_REGION:?set AWS_REGION to the region of the secret (account.region of the environment file)}"
username="${2:?usage: $0 <secret-name> <docker-hub-username>}"
case "$secret_name" in
  ecr-pullthroughcache/*) ;;
  *) echo "expected a secret name starting with ecr-pullthroughcache/, got $secret_name" >&2; exit 2 ;;
esac

read -r -s -p "Docker Hub access token for ${username}: " token
echo
[ -n "$token" ] || { echo "expected an access token, got nothing" >&2; exit 2; }

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"
USERNAME="$username" TOKEN="$token" python3 -c 'import json, os; print(json.dumps({"username": os.environ["USERNAME"], "accessToken": os.environ["TOKEN"]}))' > "$workdir/secret.json"

aws secretsmanager put-secret-value --region "$region" --secret-id "$secret_name" --secret-string "file://$workdir/secret.json" --query VersionId --output text
