import { checkRendered, parseRendered, podSpecOf } from "../../cli/charts/renderedChecks";
import { secretKeyConnection, serviceConnection } from "../../components/helm/releaseConnection";

/** What `helm template` prints for a small release: written by hand, each finding planted on purpose. */
const rendered = `
---
# Source: app/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: app-server
spec:
  ports:
    - name: http
      port: 8080
      targetPort: http
  selector:
    app: app
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: { app: app }
  template:
    metadata:
      labels: { app: app }
    spec:
      initContainers:
        - name: migrate
          image: example/app:1.0.0
          resources:
            limits: { cpu: null, memory: 64Mi }
      containers:
        - name: app
          image: example/app:1.0.0
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef: { name: app-token, key: token }
          resources:
            requests: { cpu: 50m, memory: 64Mi }
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: app-report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: example/app:1.0.0
              resources:
                limits: { cpu: 200m }
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec: {}
---
`;

describe("parseRendered", () => {
  test("every object, empty documents skipped", () => {
    expect(parseRendered(rendered).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["Service/app-server", "Deployment/app", "CronJob/app-report", "Widget/w"]);
  });

  test("a document that is not an object is an error naming it", () => {
    expect(() => parseRendered("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\njust: text\n")).toThrow("rendered document 2 is not a Kubernetes object");
  });

  test("podSpecOf reaches the CronJob's pod template", () => {
    const cronJob = parseRendered(rendered)[2];
    expect(podSpecOf(cronJob)?.containers?.[0].name).toBe("report");
  });
});

describe("checkRendered", () => {
  const objects = parseRendered(rendered);

  test("a CPU limit is found in init containers, containers and CronJobs, a null one included", () => {
    expect(checkRendered(objects, []).cpuLimits).toEqual([
      "Deployment/app container migrate: limits.cpu null",
      "CronJob/app-report container report: limits.cpu \"200m\"",
    ]);
  });

  test("connections: present ones pass, a wrong port, a missing Service and an unread Secret key are named", () => {
    const findings = checkRendered(objects, [
      serviceConnection("app-server", 8080, "the lab's client"),
      secretKeyConnection("app-token", "token", "the lab's token Secret"),
      serviceConnection("app-server", 80, "a URL built for port 80"),
      serviceConnection("app-webhook", undefined, "the webhook wait"),
      secretKeyConnection("app-token", "other", "a key the chart does not read"),
    ]);
    expect(findings.missingConnections).toEqual([
      "Service app-server has no port 80 (a URL built for port 80); it renders 8080",
      "Service app-webhook (the webhook wait) is not rendered",
      "no workload reads key other of Secret app-token (a key the chart does not read)",
    ]);
  });

  test("objects are schema-checked; a kind without a schema is listed, not failed", () => {
    const findings = checkRendered(objects, []);
    expect(findings.objects).toBe(4);
    // The one invalid field planted: a null quantity (what a chart printing a deleted limit would render).
    expect(new Set(findings.schemaViolations.map((v) => v.split(": ").slice(0, 2).join(": ")))).toEqual(new Set(["Deployment/app: /spec/template/spec/initContainers/0/resources/limits/cpu"]));
    expect(findings.noSchema).toEqual(["example.com/v1/Widget"]);
  });

  test("an invalid object is a schema violation naming it", () => {
    const bad = parseRendered("apiVersion: v1\nkind: Service\nmetadata: {name: broken}\nspec:\n  ports:\n    - port: not-a-number\n");
    const findings = checkRendered(bad, []);
    expect(findings.schemaViolations).toHaveLength(1);
    expect(findings.schemaViolations[0]).toMatch(/^Service\/broken: .*port/);
  });
});
