#!/usr/bin/env bash
# Puts a new self-signed certificate and key into the Envoy TLS secret of an
# environment (created empty by Terraform: name from envoy.tls.secretName,
# default <project>/<environment>/envoy-tls). The ALB encrypts to Envoy but
# does not verify target certificates, so a self-signed certificate is enough
# for ingress: alb. The key never touches git, Terraform or its state: it is
# generated in a private temporary directory and removed on exit.
#
# usage: AWS_REGION=<region> scripts/put-envoy-tls-secret.sh <secret-name> [common-name] [days]
#   e.g. AWS_PROFILE=acme-dev AWS_REGION=eu-west-1 scripts/put-envoy-tls-secret.sh acme/dev/envoy-tls
# Rotation: run it again, then `aws ecs update-service --force-new-deployment`
# for each service (tasks read the secret only when they start).
set -euo pipefail

# Options are mistakes here (the arguments are names): say so before doing anything.
for arg in "$@"; do
  case "$arg" in -*) echo "$(basename "$0"): unknown option $arg (usage: $0 <secret-name> [common-name] [days])" >&2; exit 2 ;; esac
done

secret_name="${1:?usage: $0 <secret-name> [common-name] [days]}"
# The secret's region, explicitly: never whatever a profile's default region happens to be.
region="${AWS_REGION:?set AWS_REGION to the region of the secret (account.region of the environment file)}"
common_name="${2:-envoy.internal}"
days="${3:-397}"

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$workdir/key.pem" -out "$workdir/cert.pem" -days "$days" \
  -subj "/CN=${common_name}" -addext "subjectAltName=DNS:${common_name}" 2>/dev/null

python3 - "$workdir" > "$workdir/secret.json" <<'PY'
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
print(json.dumps({"certificate": (d / "cert.pem").read_text(), "privateKey": (d / "key.pem").read_text()}))
PY

aws secretsmanager put-secret-value --region "$region" --secret-id "$secret_name" --secret-string "file://$workdir/secret.json" --query VersionId --output text
openssl x509 -in "$workdir/cert.pem" -noout -subject -enddate
