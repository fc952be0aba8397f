{{/* Names and labels follow the Helm best-practices guide (app.kubernetes.io/*). */}}
{{- define "pulsegate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pulsegate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Selector labels: stable across upgrades (a Deployment selector is immutable). */}}
{{- define "pulsegate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pulsegate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pulsegate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "pulsegate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "pulsegate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pulsegate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "pulsegate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Name of the chart-created Secret (secrets.create). */}}
{{- define "pulsegate.secretName" -}}
{{- default (printf "%s-secrets" (include "pulsegate.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Whether any token/API secret source exists. */}}
{{- define "pulsegate.hasSecret" -}}
{{- if or .Values.secrets.existingSecret .Values.secrets.create -}}true{{- end -}}
{{- end -}}

{{/*
Fails rendering on settings that cannot work. Included from the Deployment, so every render runs it.
- the drain budget: Kubernetes starts the grace-period clock before preStop, so the grace period has to cover the
  preStop sleep, the whole drain window and the exit; otherwise pods are SIGKILLed while clients are still attached;
- secrets in the ConfigMap path or in the Redis URL;
- conflicting secret sources and incomplete routes.
*/}}
{{- define "pulsegate.validate" -}}
{{- $d := .Values.drain -}}
{{- $budget := add $d.preStopSleepSeconds $d.windowSeconds $d.shutdownSlackSeconds -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $budget) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least drain.preStopSleepSeconds + drain.windowSeconds + drain.shutdownSlackSeconds (%d + %d + %d = %d)" (int .Values.terminationGracePeriodSeconds) (int $d.preStopSleepSeconds) (int $d.windowSeconds) (int $d.shutdownSlackSeconds) (int $budget)) -}}
{{- end -}}
{{- range $k, $v := .Values.config.env -}}
{{- if regexMatch "(SECRET|PASSWORD|API_KEY|PUBLIC_KEY|TOKEN_HMAC)" (upper $k) -}}
{{- fail (printf "config.env.%s looks like a secret: put it in secrets.existingSecret (or extraEnv with valueFrom.secretKeyRef), never in the ConfigMap" $k) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.secrets.create .Values.secrets.existingSecret -}}
{{- fail "secrets.create and secrets.existingSecret are mutually exclusive" -}}
{{- end -}}
{{- if .Values.redis.enabled -}}
{{- if not .Values.redis.url -}}
{{- fail "redis.enabled needs redis.url (redis://host:6379/0)" -}}
{{- end -}}
{{- if contains "@" .Values.redis.url -}}
{{- fail "redis.url must not carry credentials (it lands in a ConfigMap): use redis.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.internalService.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs internalService.enabled (it scrapes the internal Service)" -}}
{{- end -}}
{{- if and .Values.httpRoute.enabled (not .Values.httpRoute.parentRefs) -}}
{{- fail "httpRoute.enabled needs httpRoute.parentRefs" -}}
{{- end -}}
{{- end -}}
