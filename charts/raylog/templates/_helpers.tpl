{{/* The name of the chart, overridable. */}}
{{- define "raylog.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of every object: the release name when it already contains the chart's name (`helm install raylog`). */}}
{{- define "raylog.fullname" -}}
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

{{- define "raylog.selectorLabels" -}}
app.kubernetes.io/name: {{ include "raylog.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "raylog.labels" -}}
{{ include "raylog.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "raylog.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "raylog.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The HTTP port raylog listens on, from its own configuration. */}}
{{- define "raylog.port" -}}
{{- dig "server" "port" 2020 .Values.config }}
{{- end }}

{{/*
Where a host directory appears inside the raylog pod: under discovery.kubernetes.host_root when set (a prefix such as
/host), else at the same path.
*/}}
{{- define "raylog.inPod" -}}
{{- $hostRoot := dig "discovery" "kubernetes" "host_root" "" .root.Values.config | trimSuffix "/" }}
{{- printf "%s%s" $hostRoot .path }}
{{- end }}
