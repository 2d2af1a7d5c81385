{{/* PostgreSQL and RabbitMQ run by operators installed beforehand (helm/README.md, "Operators"):
     postgresql.mode=cloudnativepg (a CloudNativePG Cluster, templates/cloudnativepg.yaml) and rabbitmq.mode=operator
     (a RabbitmqCluster of the RabbitMQ Cluster Operator, templates/rabbitmqcluster.yaml). */}}

{{/* The CloudNativePG Cluster's name; the operator names its Services <name>-rw (the primary), -ro, -r and its
     server CA Secret <name>-ca after it. */}}
{{- define "hud.cnpgCluster" -}}
{{- include "hud.component" (list . "postgresql") }}
{{- end }}

{{/* The least-privilege PostgreSQL role of each user of the database: the gateway owns hud_gateway, the sensors own
     hud_telemetry, the backup only reads (pg_read_all_data). Call with "gateway", "sensors" or "backup". */}}
{{- define "hud.cnpgRole" -}}
{{- printf "hud_%s" . }}
{{- end }}

{{/* The kubernetes.io/basic-auth Secret (username, password) of a role: one given
     (postgresql.cloudnativepg.existingSecrets), or the chart's own. Call with (list . "gateway"). */}}
{{- define "hud.cnpgRoleSecret" -}}
{{- $root := index . 0 }}
{{- default (printf "%s-%s" (include "hud.cnpgCluster" $root) (index . 1)) (get $root.Values.postgresql.cloudnativepg.existingSecrets (index . 1)) }}
{{- end }}

{{/* The JDBC query of the CloudNativePG Cluster: its sslmode and, when verifying, its CA (<cluster>-ca, mounted). */}}
{{- define "hud.cnpgJdbcQuery" -}}
{{- $mode := .Values.postgresql.cloudnativepg.sslMode }}
{{- printf "?sslmode=%s" $mode }}
{{- if hasPrefix "verify-" $mode }}{{ printf "&sslrootcert=%s/ca.crt" (include "hud.postgresCaDir" .) }}{{ end }}
{{- end }}

{{/* The RabbitmqCluster's name: also its client Service's; its default user's Secret is <name>-default-user. */}}
{{- define "hud.rabbitmqCluster" -}}
{{- include "hud.component" (list . "rabbitmq") }}
{{- end }}

{{/* With the topology operator: the RabbitMQ user of a service (hud-gateway, hud-trainer, hud-sensors,
     hud-sensors-agent) and the Secret (username, password) the chart makes for it, or one given
     (rabbitmq.operator.topology.existingSecrets), which the User imports. Call with "gateway" and (list . "gateway"),
     the service as hud.rabbitmqUsers names it ("sensorsAgent"). */}}
{{- define "hud.rabbitmqUser" -}}
{{- printf "hud-%s" (include "hud.rabbitmqUserId" .) }}
{{- end }}
{{- define "hud.rabbitmqUserSecret" -}}
{{- $root := index . 0 }}
{{- default (printf "%s-%s" (include "hud.rabbitmqCluster" $root) (include "hud.rabbitmqUserId" (index . 1))) (get $root.Values.rabbitmq.operator.topology.existingSecrets (index . 1)) }}
{{- end }}

{{/* A service's broker settings with the RabbitmqCluster: its Service on 5672 (plain AMQP inside the cluster), in
     the default virtual host, as its own user (topology.enabled) or as the cluster's default user. Call with
     (list . "gateway"). */}}
{{- define "hud.operatorBrokerEnv" -}}
{{- $root := index . 0 }}
{{- $secret := printf "%s-default-user" (include "hud.rabbitmqCluster" $root) }}
{{- if $root.Values.rabbitmq.operator.topology.enabled }}
{{- $secret = include "hud.rabbitmqUserSecret" (list $root (required "hud.brokerEnv needs the service: (list . \"gateway\")" (index . 1))) }}
{{- end }}
- name: RABBITMQ_HOST
  value: {{ include "hud.rabbitmqCluster" $root | quote }}
- name: RABBITMQ_PORT
  value: "5672"
- name: RABBITMQ_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: username}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: password}
- name: HUD_LOG_JSON
  value: {{ $root.Values.logJson | quote }}
{{- end }}
