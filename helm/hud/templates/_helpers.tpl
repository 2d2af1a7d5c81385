{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "hud.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-chart prefix of every resource name. */}}
{{- define "hud.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one component's resources: <fullname>-<component>. Call with (list . "gateway"). */}}
{{- define "hud.component" -}}
{{- $root := index . 0 }}
{{- printf "%s-%s" (include "hud.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hud.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of a component's resources. Call with (list . "gateway"). */}}
{{- define "hud.labels" -}}
{{- $root := index . 0 }}
helm.sh/chart: {{ include "hud.chart" $root }}
{{ include "hud.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: hud
{{- end }}

{{/* Labels of a component's pods: no chart or app version, so an upgrade that changes nothing in a pod does not
     restart it (the in-chart PostgreSQL and RabbitMQ above all). Call with (list . "gateway"). */}}
{{- define "hud.podLabels" -}}
{{ include "hud.selectorLabels" . }}
app.kubernetes.io/part-of: hud
{{- end }}

{{/* What a component's Services and controllers select its pods by. Call with (list . "gateway"). */}}
{{- define "hud.selectorLabels" -}}
{{- $root := index . 0 }}
app.kubernetes.io/name: {{ include "hud.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* A service's image. Call with (list . "gateway"). */}}
{{- define "hud.image" -}}
{{- $root := index . 0 }}
{{- printf "%s/%s-%s:%s" $root.Values.image.registry $root.Values.image.repository (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) }}
{{- end }}

{{- define "hud.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hud.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret with the admin password, the JWT key pair and the trainers' token. */}}
{{- define "hud.secretName" -}}
{{- default (printf "%s-auth" (include "hud.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{/* Pod-level security: never root, each service under a UID and GID of its own (runAsUser, runAsGroup: a process
     of one service owns no file of another's and cannot signal it), the group owning its volumes (fsGroup), the
     runtime's default seccomp profile. Call with a component's values (.Values.gateway). */}}
{{- define "hud.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security: read-only root, no privilege escalation, no capabilities. */}}
{{- define "hud.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* Startup, liveness and readiness probes on the Quarkus health endpoints of the management port, which no Service exposes. */}}
{{- define "hud.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: management}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /q/health/live, port: management}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: management}
  periodSeconds: 5
  failureThreshold: 3
{{- end }}

{{/* PostgreSQL: host, port, user and where the password is. */}}
{{- define "hud.postgresHost" -}}
{{- if eq .Values.postgresql.mode "internal" }}{{ include "hud.component" (list . "postgresql") }}{{ else if eq .Values.postgresql.mode "cloudnativepg" }}{{ include "hud.cnpgCluster" . }}-rw{{ else }}{{ required "postgresql.external.host is required when postgresql.mode is external" .Values.postgresql.external.host }}{{ end }}
{{- end }}

{{/* The query of an external PostgreSQL's JDBC URL: sslmode, sslrootcert (the mounted CA), then jdbcParams (a map,
     its values URL-encoded, keys in order; or a string as given). Empty in-chart. */}}
{{- define "hud.jdbcQuery" -}}
{{- if eq .Values.postgresql.mode "cloudnativepg" }}
{{- include "hud.cnpgJdbcQuery" . }}
{{- else if eq .Values.postgresql.mode "external" }}
{{- $external := .Values.postgresql.external }}
{{- $params := list (printf "sslmode=%s" $external.sslMode) }}
{{- if include "hud.postgresCa" . }}
{{- $params = append $params (printf "sslrootcert=%s/ca.crt" (include "hud.postgresCaDir" .)) }}
{{- end }}
{{- if kindIs "map" $external.jdbcParams }}
{{- range $key := keys $external.jdbcParams | sortAlpha }}
{{- $params = append $params (printf "%s=%s" $key (index $external.jdbcParams $key | toString | urlquery)) }}
{{- end }}
{{- else if $external.jdbcParams }}
{{- $params = append $params ($external.jdbcParams | trimPrefix "?" | trimPrefix "&") }}
{{- end }}
{{- printf "?%s" (join "&" $params) }}
{{- end }}
{{- end }}

{{/* libpq's TLS settings for an external PostgreSQL (pg_dump): the same sslmode and CA as the services'. */}}
{{- define "hud.libpqEnv" -}}
{{- if not (eq .Values.postgresql.mode "internal") }}
- {name: PGSSLMODE, value: {{ ternary .Values.postgresql.cloudnativepg.sslMode .Values.postgresql.external.sslMode (eq .Values.postgresql.mode "cloudnativepg") | quote }}}
{{- if include "hud.postgresCa" . }}
- {name: PGSSLROOTCERT, value: {{ printf "%s/ca.crt" (include "hud.postgresCaDir" .) | quote }}}
{{- end }}
{{- end }}
{{- end }}

{{/* The PostgreSQL user a client ("gateway", "sensors", "backup") connects as, and where its password is:
     {username, secret, key}. In-chart: its own role, hud_<client>, whose password is <client>-password in the
     PostgreSQL Secret. External: postgresql.external.users.<client>, each field empty falling back to the shared
     postgresql.external username, existingSecret, passwordKey. CloudNativePG: the same role, its basic-auth Secret
     (a managed role of the Cluster, templates/cloudnativepg.yaml). Read with
     (include "hud.postgresUser" (list . "gateway") | fromYaml). */}}
{{- define "hud.postgresUser" -}}
{{- $root := index . 0 }}
{{- $client := index . 1 }}
{{- if eq $root.Values.postgresql.mode "internal" }}
username: {{ printf "hud_%s" $client }}
secret: {{ include "hud.postgresSecret" $root | quote }}
key: {{ printf "%s-password" $client }}
{{- else if eq $root.Values.postgresql.mode "cloudnativepg" }}
username: {{ include "hud.cnpgRole" $client }}
secret: {{ include "hud.cnpgRoleSecret" (list $root $client) | quote }}
key: password
{{- else }}
{{- $external := $root.Values.postgresql.external }}
{{- $own := index $external.users $client }}
username: {{ default $external.username $own.username | quote }}
secret: {{ default $external.existingSecret $own.existingSecret | quote }}
key: {{ default $external.passwordKey $own.passwordKey | quote }}
{{- end }}
{{- end }}

{{/* A service's datasource. Call with (list . "hud_gateway" "gateway"): its database, and the client it is. */}}
{{- define "hud.databaseEnv" -}}
{{- $root := index . 0 }}
{{- $user := include "hud.postgresUser" (list $root (index . 2)) | fromYaml }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:postgresql://%s:%v/%s%s" (include "hud.postgresHost" $root) (ternary $root.Values.postgresql.external.port 5432 (eq $root.Values.postgresql.mode "external")) (index . 1) (include "hud.jdbcQuery" $root) | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  value: {{ $user.username | quote }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $user.secret }}
      key: {{ $user.key }}
# The databases exist (in-chart the PostgreSQL pod makes them; an external server's operator does), and the service's
# role may not create one.
- name: HUD_DATABASE_CREATE_IF_MISSING
  value: "false"
{{- end }}

{{/* An external RabbitMQ's port: the one given, else 5671 (amqps) over TLS, else 5672. */}}
{{- define "hud.rabbitmqExternalPort" -}}
{{- $external := .Values.rabbitmq.external }}
{{- if $external.port }}{{ $external.port }}{{ else }}{{ ternary 5671 5672 $external.tls.enabled }}{{ end }}
{{- end }}

{{/* Where the CAs of external services are mounted in every service's container. */}}
{{- define "hud.rabbitmqCaDir" -}}/etc/hud/rabbitmq-ca{{- end }}
{{- define "hud.postgresCaDir" -}}/etc/hud/postgresql-ca{{- end }}

{{/* Whether the services mount a CA of an external RabbitMQ ("true" or empty). */}}
{{- define "hud.rabbitmqCa" -}}
{{- if and (eq .Values.rabbitmq.mode "external") .Values.rabbitmq.external.tls.enabled .Values.rabbitmq.external.tls.caSecret }}true{{ end }}
{{- end }}

{{/* Whether the services mount a CA of an external PostgreSQL ("true" or empty). */}}
{{- define "hud.postgresCa" -}}
{{- if and (eq .Values.postgresql.mode "external") .Values.postgresql.external.caSecret }}true{{ end }}
{{- if and (eq .Values.postgresql.mode "cloudnativepg") (hasPrefix "verify-" .Values.postgresql.cloudnativepg.sslMode) }}true{{ end }}
{{- end }}

{{/* volumeMounts of the external services' CAs, read-only. Call with (list . withDatabase). */}}
{{- define "hud.caMounts" -}}
{{- $root := index . 0 }}
{{- if include "hud.rabbitmqCa" $root }}
- {name: rabbitmq-ca, mountPath: {{ include "hud.rabbitmqCaDir" $root }}, readOnly: true}
{{- end }}
{{- if and (index . 1) (include "hud.postgresCa" $root) }}
- {name: postgresql-ca, mountPath: {{ include "hud.postgresCaDir" $root }}, readOnly: true}
{{- end }}
{{- end }}

{{/* volumes of the external services' CAs, each Secret's one key as ca.crt. Call with (list . withDatabase). */}}
{{- define "hud.caVolumes" -}}
{{- $root := index . 0 }}
{{- if include "hud.rabbitmqCa" $root }}
- name: rabbitmq-ca
  secret:
    secretName: {{ $root.Values.rabbitmq.external.tls.caSecret }}
    items:
      - {key: {{ $root.Values.rabbitmq.external.tls.caKey }}, path: ca.crt}
{{- end }}
{{- if and (index . 1) (include "hud.postgresCa" $root) }}
- name: postgresql-ca
  secret:
    {{- if eq $root.Values.postgresql.mode "cloudnativepg" }}
    # The CA CloudNativePG made for the Cluster (its key, ca.key, stays out).
    secretName: {{ include "hud.cnpgCluster" $root }}-ca
    items:
      - {key: ca.crt, path: ca.crt}
    {{- else }}
    secretName: {{ $root.Values.postgresql.external.caSecret }}
    items:
      - {key: {{ $root.Values.postgresql.external.caKey }}, path: ca.crt}
    {{- end }}
{{- end }}
{{- end }}

{{/* The broker's users and what each may do in the vhost: one line per exchange or queue, and why. RabbitMQ asks
     configure to declare (or delete) a resource, write to publish to an exchange or bind a queue, read to consume from
     a queue, bind from an exchange, or make a queue whose x-dead-letter-exchange is set (read on the queue, write on
     that exchange; checked only when the queue is made, not when it is there already). The names come from each
     service's application.properties (its smallrye-rabbitmq channels), the gateway's TrainingTopology and the
     sensors' SampleTopology; RabbitMqUsersTest replays those declarations as each user on a real broker.
     <uuid>, <node>-<pid>: a queue per replica, exclusive, gone with its connection. A passive queue.declare (a
     queue's depth) needs no permission at all: RabbitMQ does not check it.
     Read with (include "hud.rabbitmqUsers" . | fromYaml); each list becomes the regex ^(a|b|...)$, an empty one ^$. */}}
{{- define "hud.rabbitmqUsers" -}}
gateway:
  name: hud-gateway
  configure:
    - 'hud\.events'                 # declares the events exchange: job news out; job events, live events, heartbeats in
    - 'hud\.training'               # declares the work exchange it publishes trials to
    - 'hud\.training\.dlx'          # declares the dead-letter exchange (it parks bad work there; TrainingTopology)
    - 'hud\.control'                # declares the cancellations fanout it publishes to
    - 'hud\.training\.(cpu|gpu)'    # declares the trainers' queues before sending work (TrainingTopology)
    - 'hud\.training\.dead'         # declares the dead-letter queue (TrainingTopology)
    - 'hud\.gateway\.events'        # declares its shared queue of trial results
    - 'hud\.gateway\.live\..+'      # declares each replica's live-events queue (<uuid>)
    - 'hud\.monitor\.heartbeats\..+'  # declares each replica's heartbeats queue (<uuid>)
  write:
    - 'hud\.events'                 # publishes job news
    - 'hud\.training'               # publishes trials
    - 'hud\.training\.dlx'          # publishes bad work; its work queues dead-letter there (queue.declare asks it)
    - 'hud\.control'                # publishes cancellations
    - 'hud\.training\.(cpu|gpu)'    # binds them to hud.training
    - 'hud\.training\.dead'         # binds it to hud.training.dlx
    - 'hud\.gateway\.events'        # binds it to hud.events
    - 'hud\.gateway\.live\..+'      # binds it to hud.events
    - 'hud\.monitor\.heartbeats\..+'  # binds it to hud.events
  read:
    - 'hud\.events'                 # binds its three queues from it
    - 'hud\.training'               # binds the trainers' queues from it
    - 'hud\.training\.dlx'          # binds the dead-letter queue from it
    - 'hud\.training\.(cpu|gpu)'    # makes them with x-dead-letter-exchange, which asks read (it consumes none)
    - 'hud\.gateway\.events'        # consumes trial results
    - 'hud\.gateway\.live\..+'      # consumes live events
    - 'hud\.monitor\.heartbeats\..+'  # consumes heartbeats
trainer:
  name: hud-trainer
  configure:
    - 'hud\.training'               # declares the work exchange it takes trials from
    - 'hud\.training\.dlx'          # declares the dead-letter exchange (dlx.declare; and publishes bad work there)
    - 'hud\.events'                 # declares the events exchange it publishes progress, results, heartbeats to
    - 'hud\.control'                # declares the cancellations fanout
    - 'hud\.training\.(cpu|gpu)'    # declares its work queue (one user for CPU and GPU trainers)
    - 'hud\.training\.dead'         # declares the dead-letter queue (auto-bind-dlq)
    - 'hud\.control\..+'            # declares each replica's cancellations queue (<uuid>)
  write:
    - 'hud\.training\.dlx'          # publishes bad work; its work queue dead-letters there (queue.declare asks it)
    - 'hud\.events'                 # publishes progress, results, models, failures, heartbeats
    - 'hud\.training\.(cpu|gpu)'    # binds it to hud.training
    - 'hud\.training\.dead'         # binds it to hud.training.dlx
    - 'hud\.control\..+'            # binds it to hud.control
  read:
    - 'hud\.training'               # binds its work queue from it
    - 'hud\.training\.dlx'          # binds the dead-letter queue from it
    - 'hud\.control'                # binds its cancellations queue from it
    - 'hud\.training\.(cpu|gpu)'    # consumes trials
    - 'hud\.control\..+'            # consumes cancellations
sensors:
  # The sensors' hubs (SampleTopology.declareHub): they publish no sample, they consume them.
  name: hud-sensors
  configure:
    - 'hud\.sensors\.samples'       # declares the samples fanout the agents publish to
    - 'hud\.sensors\.dlx'           # declares the dead-letter fanout it parks unreadable samples in
    - 'hud\.sensors\.dead'          # declares the dead-letter queue
    - 'hud\.sensors\.store'         # declares the shared queue of samples to store (one hub stores each)
    - 'hud\.sensors\.stream\..+'    # declares each hub's stream queue (<node>-<pid>)
  write:
    - 'hud\.sensors\.dlx'           # publishes unreadable samples (dead letters)
    - 'hud\.sensors\.dead'          # binds it to hud.sensors.dlx
    - 'hud\.sensors\.store'         # binds it to hud.sensors.samples
    - 'hud\.sensors\.stream\..+'    # binds it to hud.sensors.samples
  read:
    - 'hud\.sensors\.samples'       # binds the store queue and its stream queue from it
    - 'hud\.sensors\.dlx'           # binds the dead-letter queue from it (it consumes none)
    - 'hud\.sensors\.store'         # consumes the samples it stores
    - 'hud\.sensors\.stream\..+'    # consumes every node's samples, for its stream
sensorsAgent:
  # The sensors' agents, one per node (SampleTopology.declareExchange): they publish and nothing else, so a node's
  # agent, the pod that mounts the node's files, can read no sample of another node.
  name: hud-sensors-agent
  configure:
    - 'hud\.sensors\.samples'       # declares the samples fanout
  write:
    - 'hud\.sensors\.samples'       # publishes its node's samples
  read: []
keda:
  name: hud-keda
  # KEDA's rabbitmq scaler (protocol amqp) reads hud.training.cpu's depth with a passive queue.declare, which needs no
  # permission; a user needs some entry on the vhost to open it, so: nothing on nothing.
  configure: []
  write: []
  read: []
{{- end }}

{{/* A user of the hud.rabbitmqUsers table (a key as values name it: sensorsAgent) as resource names and Secret keys
     spell it, which allow no capitals: sensors-agent (its password: sensors-agent-password). */}}
{{- define "hud.rabbitmqUserId" -}}
{{- kebabcase . }}
{{- end }}

{{/* A permission regex of the hud.rabbitmqUsers table: ^(a|b)$ of a list, ^$ (nothing) of an empty one. */}}
{{- define "hud.rabbitmqPermission" -}}
{{- if . }}{{ printf "^(%s)$" (join "|" .) }}{{ else }}^${{ end }}
{{- end }}

{{/* The in-chart broker's admin: the image's default user, for administration only. */}}
{{- define "hud.rabbitmqAdmin" -}}hud{{- end }}

{{/* Every user of the in-chart broker as users.sh makes them: {users: [{name, key, tags, configure, write, read}]}, the
     admin first, the KEDA user only with trainer.cpu.keda.enabled. Read with (include ... | fromYaml). */}}
{{- define "hud.rabbitmqUserTable" -}}
{{- $table := include "hud.rabbitmqUsers" . | fromYaml }}
users:
  - {name: {{ include "hud.rabbitmqAdmin" . }}, key: password, tags: administrator, configure: '.*', write: '.*', read: '.*'}
{{- $services := list "gateway" "trainer" "sensors" "sensorsAgent" }}
{{- if .Values.trainer.cpu.keda.enabled }}{{ $services = append $services "keda" }}{{ end }}
{{- range $service := $services }}
{{- $user := index $table $service }}
  - name: {{ $user.name }}
    key: {{ include "hud.rabbitmqUserId" $service }}-password
    tags: '-'
    configure: {{ include "hud.rabbitmqPermission" $user.configure | squote }}
    write: {{ include "hud.rabbitmqPermission" $user.write | squote }}
    read: {{ include "hud.rabbitmqPermission" $user.read | squote }}
{{- end }}
{{- end }}

{{/* The broker settings and credentials of one service: its own user (hud.rabbitmqUsers), never the admin. Call with
     (list . "gateway"), the service as the table names it ("sensorsAgent"). */}}
{{- define "hud.brokerEnv" -}}
{{- $root := index . 0 }}
{{- $service := index . 1 }}
{{- if eq $root.Values.rabbitmq.mode "operator" }}
{{- include "hud.operatorBrokerEnv" (list $root $service) }}
{{- else }}
{{- with $root }}
- name: RABBITMQ_HOST
  value: {{ ternary (include "hud.component" (list . "rabbitmq")) .Values.rabbitmq.external.host (eq .Values.rabbitmq.mode "internal") | quote }}
- name: RABBITMQ_PORT
  value: {{ ternary "5672" (include "hud.rabbitmqExternalPort" .) (eq .Values.rabbitmq.mode "internal") | quote }}
{{- if not (eq .Values.rabbitmq.mode "internal") }}
- name: RABBITMQ_VIRTUAL_HOST
  value: {{ .Values.rabbitmq.external.virtualHost | quote }}
{{- if .Values.rabbitmq.external.tls.enabled }}
# amqps, for the connector and the services' own AMQP connections (BrokerSettings) alike; the broker's
# certificate must name its host (the connector alone would not check).
- {name: RABBITMQ_SSL, value: "true"}
- {name: MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_SSL_HOSTNAME_VERIFICATION_ALGORITHM, value: HTTPS}
{{- if include "hud.rabbitmqCa" . }}
# Trusting the broker's CA: a TLS configuration of Quarkus' TLS registry, named for the connector.
- {name: MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_TLS_CONFIGURATION_NAME, value: rabbitmq}
- name: QUARKUS_TLS_RABBITMQ_TRUST_STORE_PEM_CERTS
  value: {{ printf "%s/ca.crt" (include "hud.rabbitmqCaDir" .) | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .Values.rabbitmq.mode "internal" }}
- name: RABBITMQ_USERNAME
  value: {{ (index (include "hud.rabbitmqUsers" . | fromYaml) $service).name | quote }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "hud.rabbitmqSecret" . }}
      key: {{ include "hud.rabbitmqUserId" $service }}-password
{{- else }}
{{- $external := .Values.rabbitmq.external }}
{{- $own := index $external.users $service }}
- name: RABBITMQ_USERNAME
  value: {{ default $external.username $own.username | quote }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "rabbitmq.external.users.%s.existingSecret (or rabbitmq.external.existingSecret, shared) is required: the Secret holding the %s's broker password" $service $service) (default $external.existingSecret $own.existingSecret) }}
      key: {{ default $external.passwordKey $own.passwordKey }}
{{- end }}
- name: HUD_LOG_JSON
  value: {{ .Values.logJson | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* imagePullSecrets of a pod spec, when any. */}}
{{- define "hud.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end }}

{{/* A CPU HorizontalPodAutoscaler for a Deployment. Call with (list . "component" "deployment-name" .Values.x.autoscaling). */}}
{{- define "hud.hpa" -}}
{{- $root := index . 0 }}
{{- $scaling := index . 3 }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ index . 2 }}
  labels:
    {{- include "hud.labels" (list $root (index . 1)) | nindent 4 }}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: {{ index . 2 }}}
  minReplicas: {{ $scaling.minReplicas }}
  maxReplicas: {{ $scaling.maxReplicas }}
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: {{ $scaling.targetCPU }}}}
  behavior:
    {{- include "hud.scalingBehavior" $scaling | nindent 4 }}
{{- end }}

{{/* A PodDisruptionBudget for a component's pods. Call with (list . "component" .Values.x.pdb). */}}
{{- define "hud.pdb" -}}
{{- $root := index . 0 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "hud.component" (list $root (index . 1)) }}
  labels:
    {{- include "hud.labels" (list $root (index . 1)) | nindent 4 }}
spec:
  minAvailable: {{ (index . 2).minAvailable }}
  selector:
    matchLabels:
      {{- include "hud.selectorLabels" (list $root (index . 1)) | nindent 6 }}
{{- end }}

{{/* A base64 password kept in an existing Secret's key, or a new random one: made on first install, kept on upgrades
     (looked up), never a default in values. Call with (list . "secret-name" "key"). */}}
{{- define "hud.keptPassword" -}}
{{- $root := index . 0 }}
{{- $existing := dict }}
{{- if $root.Values.auth.lookupExisting }}{{ $existing = lookup "v1" "Secret" $root.Release.Namespace (index . 1) }}{{ end }}
{{- if and $existing (hasKey $existing.data (index . 2)) }}{{ index $existing.data (index . 2) }}{{ else }}{{ randAlphaNum 32 | b64enc }}{{ end }}
{{- end }}

{{/* The Secret holding the in-chart PostgreSQL's passwords (keys "password", the superuser's, and "gateway-password",
     "sensors-password", "backup-password", its roles'): one given, or the chart's own. */}}
{{- define "hud.postgresSecret" -}}
{{- default (include "hud.component" (list . "postgresql")) .Values.postgresql.existingSecret }}
{{- end }}

{{/* The Secret holding the in-chart RabbitMQ's passwords (keys "password": the admin's; "gateway-password",
     "trainer-password", "sensors-password", "sensors-agent-password"; "keda-password" and "amqp-url" for KEDA): one
     given, or the chart's own. */}}
{{- define "hud.rabbitmqSecret" -}}
{{- default (include "hud.component" (list . "rabbitmq")) .Values.rabbitmq.existingSecret }}
{{- end }}

{{/* Prometheus' scrape annotations of a service's pods: its management port (no Service exposes it), /q/metrics.
     Call with (list . 9080). */}}
{{- define "hud.metricsAnnotations" -}}
{{- $annotations := dict }}
{{- if and (index . 1) (index . 0).Values.metrics.annotations }}
{{- $annotations = dict "prometheus.io/scrape" "true" "prometheus.io/port" (index . 1 | toString) "prometheus.io/path" "/q/metrics" }}
{{- end }}
{{- if gt (len .) 2 }}
{{- $annotations = merge (deepCopy ((index . 2).podAnnotations | default dict)) $annotations }}
{{- end }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Where a component's pods may run: its nodeSelector, affinity, tolerations and priorityClassName, each when set.
     Call with a component's values (.Values.gateway). */}}
{{- define "hud.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}

{{/* Replicas spread over nodes and zones, softly (a pod is never left Pending for it): the component's own
     topologySpreadConstraints, or by hostname and zone. Call with (list . "gateway" .Values.gateway). */}}
{{- define "hud.topologySpread" -}}
{{- $root := index . 0 }}
topologySpreadConstraints:
{{- with (index . 2).topologySpreadConstraints }}
  {{- toYaml . | nindent 2 }}
{{- else }}
{{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ $key }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "hud.selectorLabels" (list $root (index $ 1)) | nindent 8 }}
{{- end }}
{{- end }}
{{- end }}

{{/* How an HPA (or KEDA's) scales: up as Kubernetes does, down slowly: after the stabilization window, a few pods per
     period, so a dip in load does not stop pods that work (a trainer hands its trial back when stopped). */}}
{{- define "hud.scalingBehavior" -}}
scaleDown:
  stabilizationWindowSeconds: {{ .scaleDown.stabilizationWindowSeconds }}
  selectPolicy: Min
  policies:
    - {type: Pods, value: {{ .scaleDown.pods }}, periodSeconds: {{ .scaleDown.periodSeconds }}}
{{- end }}

{{/* The routes of the single origin (docs/architecture.md), most specific first, for the Ingress and the HTTPRoute:
     {routes: [{path, service, port, stream}]}; stream: Server-Sent Events (long reads, no buffering). Read it with
     (include "hud.routes" . | fromYaml).routes. */}}
{{- define "hud.routes" -}}
routes:
{{- if .Values.sensors.enabled }}
  - {path: /api/sensors, service: {{ include "hud.component" (list . "sensors") }}, port: 8082, stream: true}
{{- end }}
{{- if .Values.gateway.enabled }}
  # Each job's events (/api/training-jobs/{id}/events); the other job routes are short requests.
  - {path: /api/training-jobs, service: {{ include "hud.component" (list . "gateway") }}, port: 8080, stream: true}
{{- end }}
{{- if .Values.cdn.enabled }}
  - {path: /assets, service: {{ include "hud.component" (list . "cdn") }}, port: 8083, stream: false}
  - {path: /media, service: {{ include "hud.component" (list . "cdn") }}, port: 8083, stream: false}
{{- end }}
{{- if .Values.gateway.enabled }}
  - {path: /, service: {{ include "hud.component" (list . "gateway") }}, port: 8080, stream: false}
{{- end }}
{{- end }}
