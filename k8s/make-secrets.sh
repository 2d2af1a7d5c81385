#!/usr/bin/env bash
# Creates the Secrets k8s/hud.yaml expects (the Helm chart makes them itself): the admin password, the
# service secret (the trainers exchange it at the gateway for a token),
# the token signing key pair (Ed25519, PKCS#8 + self-signed certificate), and the in-cluster
# PostgreSQL (the superuser's and each role's: gateway, sensors, backup) and RabbitMQ passwords (the admin's, each
# service's user's, KEDA's). Existing Secrets are left as they are, except that a PostgreSQL Secret from before the
# roles gets their passwords added, and a RabbitMQ Secret from before the sensors' agents their user's.
#   k8s/make-secrets.sh [namespace]        (default: hud)
set -euo pipefail
namespace=${1:-hud}
command -v kubectl >/dev/null || { echo "kubectl is needed" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }
password() { openssl rand -base64 32 | tr -d '/+=' | cut -c1-32; }

if ! exists hud-auth; then
    openssl genpkey -algorithm ed25519 -out "$work/jwt-private.pem"
    openssl req -new -x509 -key "$work/jwt-private.pem" -out "$work/jwt-public.pem" -days 3650 -subj "/CN=hud-token-signing"
    kubectl -n "$namespace" create secret generic hud-auth \
        --from-literal=admin-password="$(password)" --from-literal=service-secret="$(password)" \
        --from-file=jwt-private.pem="$work/jwt-private.pem" --from-file=jwt-public.pem="$work/jwt-public.pem"
fi
if ! exists hud-postgresql; then
    kubectl -n "$namespace" create secret generic hud-postgresql --from-literal=password="$(password)"
fi
for key in gateway-password sensors-password backup-password; do
    if [ -z "$(kubectl -n "$namespace" get secret hud-postgresql -o "jsonpath={.data.$key}")" ]; then
        kubectl -n "$namespace" patch secret hud-postgresql --type merge -p "{\"stringData\":{\"$key\":\"$(password)\"}}"
    fi
done
if ! exists hud-rabbitmq; then
    # The broker's admin (administration only), a user per service, and KEDA's (it only reads a queue's depth).
    keda=$(password)
    kubectl -n "$namespace" create secret generic hud-rabbitmq --from-literal=password="$(password)" \
        --from-literal=gateway-password="$(password)" --from-literal=trainer-password="$(password)" \
        --from-literal=sensors-password="$(password)" --from-literal=sensors-agent-password="$(password)" \
        --from-literal=keda-password="$keda" --from-literal=amqp-url="amqp://hud-keda:$keda@hud-rabbitmq:5672/"
fi
if [ -z "$(kubectl -n "$namespace" get secret hud-rabbitmq -o "jsonpath={.data.sensors-agent-password}")" ]; then
    kubectl -n "$namespace" patch secret hud-rabbitmq --type merge \
        -p "{\"stringData\":{\"sensors-agent-password\":\"$(password)\"}}"
fi
echo "Secrets ready in namespace $namespace; now: kubectl -n $namespace apply -f k8s/hud.yaml"
