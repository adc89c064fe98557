// Validates every core Kubernetes object of a rendered manifest stream (stdin) against its schema
// from kubernetes-models, and the Prometheus Operator's (ServiceMonitor, PrometheusRule) against
// @kubernetes-models/prometheus-operator. Strimzi and CloudNativePG kinds are counted and passed
// over: the CRD schemas validate those. Prints one line per problem; exits 1 if any.
import { parseAllDocuments } from "yaml";

const operatorGroups = ["kafka.strimzi.io/", "postgresql.cnpg.io/"];
// Where the schemas of an API group's kinds come from: kubernetes-models unless listed here.
const modelPackages = { "monitoring.coreos.com/": "@kubernetes-models/prometheus-operator" };
const input = await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
});

let checked = 0, passedOver = 0, problems = 0;
for (const document of parseAllDocuments(input)) {
  if (document.errors.length) {
    console.log(`unreadable YAML: ${document.errors[0].message}`);
    problems++;
    continue;
  }
  const object = document.toJS();
  if (!object) continue;
  const { apiVersion, kind } = object;
  const name = `${kind}/${object.metadata?.name}`;
  if (operatorGroups.some((group) => apiVersion?.startsWith(group))) {
    passedOver++;
    continue;
  }
  let model;
  try {
    const [, modelPackage = "kubernetes-models"] =
      Object.entries(modelPackages).find(([group]) => apiVersion?.startsWith(group)) ?? [];
    model = (await import(`${modelPackage}/${apiVersion}`))[kind];
  } catch {
    model = undefined;
  }
  if (!model) {
    console.log(`${name}: no schema for ${apiVersion} ${kind}`);
    problems++;
    continue;
  }
  checked++;
  try {
    new model(object).validate();
  } catch (error) {
    problems++;
    console.log(`${name}: ${error.message.split("\n").slice(0, 5).join("; ")}`);
  }
}
console.error(`${checked} core and Prometheus Operator objects checked, ${problems} problems, ${passedOver} operator objects passed over`);
process.exit(problems ? 1 : 0);
