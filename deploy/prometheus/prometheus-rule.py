"""Wraps rules.yaml's groups in a PrometheusRule for the Prometheus Operator (deploy/k8s/base/monitoring/).

rules.yaml stays the one source: `check --write` writes the PrometheusRule from it, and `check` fails when the
file in the k8s base is not what rules.yaml makes now. Usage: prometheus-rule.py rules.yaml TARGET [--write]
"""
import sys

import yaml

HEADER = """# Generated from deploy/prometheus/rules.yaml by `deploy/prometheus/check --write`: edit rules.yaml, not this.
# The same alerting rules for a Prometheus run by the Prometheus Operator (its ruleSelector must select this).
"""


def render(rules_path):
    with open(rules_path, encoding="utf-8") as f:
        groups = yaml.safe_load(f)["groups"]
    for group in groups:
        for rule in group["rules"]:
            rule["expr"] = str(rule["expr"]).strip()  # a folded block's newline means nothing to PromQL
    prometheus_rule = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "ketamine-pipeline"},
        "spec": {"groups": groups},
    }
    return HEADER + yaml.safe_dump(prometheus_rule, sort_keys=False, width=120, allow_unicode=True)


def main(rules_path, target, write=False):
    wanted = render(rules_path)
    if write:
        with open(target, "w", encoding="utf-8") as f:
            f.write(wanted)
        print(f"prometheus-rules: wrote {target}")
        return 0
    try:
        with open(target, encoding="utf-8") as f:
            present = f.read()
    except FileNotFoundError:
        present = None
    if present != wanted:
        print(f"prometheus-rules: FAILED: {target} is not what rules.yaml makes now;"
              " run deploy/prometheus/check --write and commit it", file=sys.stderr)
        return 1
    print(f"prometheus-rules: {target} is up to date with rules.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], "--write" in sys.argv[3:]))
