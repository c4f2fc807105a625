import { dottedPath, undefinedValuesKeys, valuePaths } from "../../cli/charts/valuesKeys";

/** A chart surface written by hand: what a values.yaml and its templates would hold. */
const chart = {
  defaults: {
    replicaCount: 1,
    image: { repository: "example/app", tag: "" },
    resources: {},
    podAnnotations: null,
    extraArgs: [],
    configs: { params: {} },
    server: { service: { type: "ClusterIP", port: 80 } },
  },
  templates: [
    "replicas: {{ .Values.replicaCount }}",
    "{{- with .Values.securityContext }}securityContext: {{ toYaml . }}{{- end }}",
    "{{- toYaml .Values.controller.extra | nindent 8 }}",
    '{{ index .Values.configs.params "server.insecure" }}',
    "name: {{ .Values.fullnameOverride | default .Chart.Name }}",
  ].join("\n"),
};

describe("valuePaths and dottedPath", () => {
  test("every leaf, an empty map or a list being a leaf; a key with a dot is quoted", () => {
    expect(valuePaths({ a: { b: 1, c: {} }, d: [1, 2] })).toEqual([["a", "b"], ["a", "c"], ["d"]]);
    expect(dottedPath(["configs", "params", "server.insecure"])).toBe('configs.params."server.insecure"');
  });
});

describe("undefinedValuesKeys", () => {
  test("keys the defaults hold are defined", () => {
    expect(undefinedValuesKeys({ replicaCount: 2, image: { tag: "1.2.3" }, server: { service: { port: 8080 } } }, chart)).toEqual([]);
  });

  test("keys below a free-form default (empty map, null, list) are defined", () => {
    expect(undefinedValuesKeys({ resources: { requests: { cpu: "50m" } }, podAnnotations: { a: "b" }, extraArgs: ["--x"] }, chart)).toEqual([]);
  });

  test("a prefix taken whole by with or toYaml defines everything under it", () => {
    expect(undefinedValuesKeys({ securityContext: { runAsNonRoot: true }, controller: { extra: { anything: { deep: 1 } } } }, chart)).toEqual([]);
  });

  test("a key only the templates reference (plainly or with index) is defined", () => {
    expect(undefinedValuesKeys({ fullnameOverride: "app", configs: { params: { "server.insecure": true } } }, chart)).toEqual([]);
  });

  test("a typo is reported with the deepest part the chart does define", () => {
    expect(undefinedValuesKeys({ server: { service: { tpye: "LoadBalancer" } }, replicas: 3 }, chart)).toEqual([
      { path: "server.service.tpye", definedUpTo: "server.service" },
      { path: "replicas", definedUpTo: "" },
    ]);
  });

  test("a reference to a sibling does not define the key (prefix matches are not references)", () => {
    // .Values.replicaCount is referenced, .Values.replica is not: the lookahead must refuse the prefix.
    expect(undefinedValuesKeys({ replica: 1 }, chart)).toEqual([{ path: "replica", definedUpTo: "" }]);
  });

  test("a scalar default does not take keys below it", () => {
    expect(undefinedValuesKeys({ replicaCount: { min: 1 } }, chart)).toEqual([{ path: "replicaCount.min", definedUpTo: "replicaCount" }]);
  });

  describe("charts that pass their values around", () => {
    // Shaped like victoria-metrics-single (an alias of .Values.server) and opentelemetry-collector (deepCopy .Values.config).
    const aliased = {
      defaults: { server: { retentionPeriod: 1, podSecurityContext: { enabled: true }, persistentVolume: { size: "16Gi" } }, config: { exporters: { debug: {} } }, probe: { enabled: true } },
      templates: [
        "{{- $app := .Values.server }}",
        "retention: {{ $app.retentionPeriod }}",
        "{{- if $app.podSecurityContext.enabled }}",
        'securityContext: {{ include "vm.securityContext" (dict "securityContext" $app.podSecurityContext "helm" .) }}',
        "{{- end }}",
        "size: {{ $app.persistentVolume.size }}",
        "{{- $config := deepCopy .Values.config }}",
        "{{- if .Values.probe }}probe: {{ .Values.probe.enabled }}{{- end }}",
      ].join("\n"),
    };

    test("a map an alias passes whole (to include/dict) defines what is set under it", () => {
      expect(undefinedValuesKeys({ server: { podSecurityContext: { runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } } } }, aliased)).toEqual([]);
    });

    test("a map handed to deepCopy is taken whole", () => {
      expect(undefinedValuesKeys({ config: { exporters: { "prometheusremotewrite/a": { endpoint: "http://x" } } } }, aliased)).toEqual([]);
    });

    test("through an alias, a typo is still found: the alias's assignment is not a use of the whole map", () => {
      expect(undefinedValuesKeys({ server: { retentionPerod: "7d", persistentVolume: { sise: "1Gi" } } }, aliased)).toEqual([
        { path: "server.retentionPerod", definedUpTo: "server" },
        { path: "server.persistentVolume.sise", definedUpTo: "server.persistentVolume" },
      ]);
    });

    test("a truth test of a map does not take it whole", () => {
      expect(undefinedValuesKeys({ probe: { enabeld: false } }, aliased)).toEqual([{ path: "probe.enabeld", definedUpTo: "probe" }]);
    });
  });
});
