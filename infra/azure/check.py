#!/usr/bin/env python3
"""Offline checks of infra/azure (Bicep cannot be compiled where CI runs).

1. azuredeploy.json and azuredeploy.parameters.example.json validate against the schemas vendored
   in schema/ (python jsonschema).
2. The ARM JSON is internally consistent: every parameters('x') / variables('x') it uses is
   declared in the same template, every expression's parentheses and quotes balance, every
   dependsOn names a resource of the template, and every reference() to a resource of the
   template is matched by a dependsOn.
3. main.bicep (with its modules) and azuredeploy.json declare the same parameters (name, type,
   default, allowed values, bounds), the same resources (type, apiVersion, conditional or not;
   nested deployments flattened) and the same outputs (name, type).
4. The Event Grid filter (operations and event types) is the same in both files, within Event
   Grid's 25-value limit, and its event types fit its operations; the custom role is the same in
   both files, without wildcards or data actions. That the filter is exactly the catalogued ARM
   operations and the role exactly the remediators' permissions is checked against the Java
   classes themselves by AzureTemplateTest (mvn verify), not by reading their sources here.

Usage: python3 infra/azure/check.py   (exit 0: all good; 1: problems, each printed)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TEMPLATE = HERE / "azuredeploy.json"
PARAMETERS_EXAMPLE = HERE / "azuredeploy.parameters.example.json"
BICEP = HERE / "main.bicep"
TEMPLATE_SCHEMA = HERE / "schema" / "deploymentTemplate.schema.json"
PARAMETERS_SCHEMA = HERE / "schema" / "deploymentParameters.schema.json"

# What a current Bicep compiler emits for a module.
MODULE_TYPE = "Microsoft.Resources/deployments"
MODULE_API_VERSION = "2022-09-01"
EVENT_SUBSCRIPTION_TYPE = "Microsoft.EventGrid/systemTopics/eventSubscriptions"
ROLE_DEFINITION_TYPE = "Microsoft.Authorization/roleDefinitions"
# Event Grid: at most 25 values across a subscription's advanced filters.
ADVANCED_FILTER_LIMIT = 25
EVENT_TYPE_OF_SUFFIX = {
    "/write": "Microsoft.Resources.ResourceWriteSuccess",
    "/action": "Microsoft.Resources.ResourceActionSuccess",
    "/delete": "Microsoft.Resources.ResourceDeleteSuccess",
}

problems: list[str] = []


def problem(message: str) -> None:
    problems.append(message)


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# 1. Schema validation
# ---------------------------------------------------------------------------------------------


def validate_schema(document: object, schema_path: Path, what: Path) -> None:
    try:
        import jsonschema
    except ImportError:
        problem(
            "python jsonschema is missing: install it (pip install jsonschema, or Debian's"
            " python3-jsonschema) to validate " + rel(what)
        )
        return
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        location = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problem(f"{rel(what)}: {location}: {error.message} (schema {rel(schema_path)})")


# ---------------------------------------------------------------------------------------------
# 2. ARM JSON consistency
# ---------------------------------------------------------------------------------------------


def walk_strings(node: object, path: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_strings(value, f"{path}/{index}")
    elif isinstance(node, str):
        yield path, node


def is_expression(text: str) -> bool:
    return text.startswith("[") and text.endswith("]") and not text.startswith("[[")


def check_expression_syntax(text: str, where: str) -> None:
    depth = 0
    in_string = False
    i = 1
    body_end = len(text) - 1
    while i < body_end:
        c = text[i]
        if in_string:
            if c == "'":
                if i + 1 < body_end and text[i + 1] == "'":
                    i += 1  # '' is an escaped quote
                else:
                    in_string = False
        elif c == "'":
            in_string = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                problem(f"azuredeploy.json {where}: unbalanced ')' in {text}")
                return
        i += 1
    if in_string:
        problem(f"azuredeploy.json {where}: unterminated string in {text}")
    elif depth != 0:
        problem(f"azuredeploy.json {where}: unbalanced '(' in {text}")


RESOURCE_ID_CALL = re.compile(r"(?:resourceId|subscriptionResourceId)\('([A-Za-z0-9./]+)'")
REFERENCE_CALL = re.compile(r"reference\((?:resourceId|subscriptionResourceId)\('([A-Za-z0-9./]+)'")


def split_nested(resources: list) -> tuple[list, list]:
    """(resources of this template without inner templates' contents, nested templates)."""
    nested = []
    for resource in resources:
        if resource.get("type") == MODULE_TYPE:
            template = resource.get("properties", {}).get("template")
            if isinstance(template, dict):
                nested.append((resource, template))
    return resources, nested


def check_template_consistency(template: dict, label: str) -> None:
    parameters = set(template.get("parameters", {}))
    variables = set(template.get("variables", {}))
    resources, nested = split_nested(template.get("resources", []))
    declared_types = {r.get("type") for r in resources}

    def strings_outside_inner(node: object, path: str):
        # An inner-scoped nested template has its own parameters and variables.
        if isinstance(node, dict) and node.get("type") == MODULE_TYPE:
            copy = {k: v for k, v in node.items() if k != "properties"}
            props = dict(node.get("properties", {}))
            props.pop("template", None)
            copy["properties"] = props
            yield from walk_strings(copy, path)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from strings_outside_inner(value, f"{path}/{index}")
        else:
            yield from walk_strings(node, path)

    sections = {
        "parameters": template.get("parameters", {}),
        "variables": template.get("variables", {}),
        "outputs": template.get("outputs", {}),
    }
    strings = []
    for name, section in sections.items():
        strings.extend(walk_strings(section, f"{label}/{name}"))
    strings.extend(strings_outside_inner(resources, f"{label}/resources"))

    used_parameters = set()
    for where, text in strings:
        if not is_expression(text):
            continue
        check_expression_syntax(text, where)
        for name in re.findall(r"parameters\('([^']+)'\)", text):
            used_parameters.add(name)
            if name not in parameters:
                problem(f"azuredeploy.json {where}: parameters('{name}') is not declared")
        for name in re.findall(r"variables\('([^']+)'\)", text):
            if name not in variables:
                problem(f"azuredeploy.json {where}: variables('{name}') is not declared")
    for name in sorted(parameters - used_parameters):
        problem(f"azuredeploy.json {label or '(top level)'}: parameter '{name}' is never used")

    for index, resource in enumerate(resources):
        where = f"{label}/resources/{index} ({resource.get('type')})"
        depends = resource.get("dependsOn", [])
        depended_types = set()
        for entry in depends:
            match = RESOURCE_ID_CALL.search(entry) if is_expression(entry) else None
            if entry.startswith("[extensionResourceId("):
                depended_types.add("Microsoft.Authorization/roleAssignments")
                continue
            if not match:
                problem(f"azuredeploy.json {where}: dependsOn entry is not a resource id: {entry}")
                continue
            depended_types.add(match.group(1))
            if match.group(1) not in declared_types:
                problem(
                    f"azuredeploy.json {where}: dependsOn names {match.group(1)},"
                    " which this template does not declare"
                )
        body = {k: v for k, v in resource.items() if k not in ("dependsOn",)}
        if resource.get("type") == MODULE_TYPE:
            props = dict(body.get("properties", {}))
            props.pop("template", None)
            body["properties"] = props
        for _, text in walk_strings(body):
            for referenced in REFERENCE_CALL.findall(text):
                if referenced in declared_types and referenced not in depended_types:
                    problem(
                        f"azuredeploy.json {where}: uses reference() on {referenced}"
                        " without a dependsOn on it"
                    )

    for resource, inner in nested:
        scope = resource.get("properties", {}).get("expressionEvaluationOptions", {}).get("scope")
        if scope != "inner":
            problem(
                f"azuredeploy.json: nested deployment {resource.get('name')} must use"
                " expressionEvaluationOptions.scope 'inner' (as Bicep modules do)"
            )
        passed = set(resource.get("properties", {}).get("parameters", {}))
        declared = set(inner.get("parameters", {}))
        required = {
            n for n, p in inner.get("parameters", {}).items() if "defaultValue" not in p
        }
        if not passed <= declared:
            problem(
                f"azuredeploy.json: nested deployment {resource.get('name')} passes"
                f" undeclared parameters {sorted(passed - declared)}"
            )
        if not required <= passed:
            problem(
                f"azuredeploy.json: nested deployment {resource.get('name')} does not pass"
                f" required parameters {sorted(required - passed)}"
            )
        check_template_consistency(inner, f"{label}/nested({resource.get('name')})")


# ---------------------------------------------------------------------------------------------
# 3. Bicep <-> ARM
# ---------------------------------------------------------------------------------------------


def strip_bicep_comments(text: str) -> str:
    """Removes // and /* */ comments, leaving strings (which may contain //) intact."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("'''", i):
            end = text.find("'''", i + 3)
            end = n if end < 0 else end + 3
            out.append(text[i:end])
            i = end
        elif text[i] == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


PARAM = re.compile(r"^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+?))?\s*$", re.M)
RESOURCE = re.compile(
    r"^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s+(existing\s+)?=\s*(if\s*\()?", re.M
)
MODULE = re.compile(r"^module\s+(\w+)\s+'([^']+)'\s*=\s*(if\s*\()?", re.M)
OUTPUT = re.compile(r"^output\s+(\w+)\s+(\w+)\s*=", re.M)
DECORATOR_BLOCK = re.compile(r"((?:^@.*\n(?:^(?![a-z@]).*\n)*)*)^param\s+(\w+)", re.M)


def bicep_string(literal: str) -> str:
    return literal[1:-1].replace("\\'", "'").replace("\\\\", "\\")


def bicep_value_to_arm(value: str):
    """A Bicep default as the ARM defaultValue it compiles to (literals and simple expressions)."""
    value = value.strip()
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"'(?:[^'\\]|\\.)*'", value) and "${" not in value:
        return bicep_string(value)
    if value.startswith("'") and value.endswith("'"):
        # 'a${x}b' -> format('a{0}b', x)
        body = value[1:-1]
        parts = re.split(r"\$\{(.*?)\}", body)
        literals, expressions = parts[0::2], parts[1::2]
        if all(not lit for lit in literals) and len(expressions) == 1:
            return f"[{expressions[0]}]"
        pattern = "".join(
            lit.replace("'", "''") + (f"{{{i}}}" if i < len(expressions) else "")
            for i, lit in enumerate(literals)
        )
        return f"[format('{pattern}', {', '.join(expressions)})]"
    return f"[{value}]"


def parse_decorators(block: str) -> dict:
    found: dict = {}
    if re.search(r"^@secure\(\)", block, re.M):
        found["secure"] = True
    allowed = re.search(r"^@allowed\(\[(.*?)\]\)", block, re.M | re.S)
    if allowed:
        found["allowedValues"] = [
            bicep_value_to_arm(v) for v in re.findall(r"'(?:[^'\\]|\\.)*'|-?\d+|true|false", allowed.group(1))
        ]
    for name in ("minValue", "maxValue", "minLength", "maxLength"):
        m = re.search(rf"^@{name}\((-?\d+)\)", block, re.M)
        if m:
            found[name] = int(m.group(1))
    return found


def parse_bicep(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    text = strip_bicep_comments(raw)
    decorators = {m.group(2): parse_decorators(m.group(1)) for m in DECORATOR_BLOCK.finditer(text)}
    params = {}
    for m in PARAM.finditer(text):
        name, type_, default = m.group(1), m.group(2), m.group(3)
        deco = decorators.get(name, {})
        arm_type = type_
        if deco.get("secure"):
            arm_type = {"string": "securestring", "object": "secureObject"}.get(type_, type_)
        entry = {"type": arm_type}
        if default is not None:
            entry["defaultValue"] = bicep_value_to_arm(default)
        for key in ("allowedValues", "minValue", "maxValue", "minLength", "maxLength"):
            if key in deco:
                entry[key] = deco[key]
        params[name] = entry
    resources = []
    for m in RESOURCE.finditer(text):
        if m.group(4):
            continue  # existing: a reference, not a deployed resource
        resources.append((m.group(2), m.group(3), bool(m.group(5)), m.group(1)))
    modules = []
    for m in MODULE.finditer(text):
        modules.append((m.group(1), (path.parent / m.group(2)).resolve(), bool(m.group(3))))
    outputs = {m.group(1): m.group(2) for m in OUTPUT.finditer(text)}
    variables = {}
    for m in re.finditer(r"^var\s+(\w+)\s*=\s*\[(.*?)^\]", text, re.M | re.S):
        variables[m.group(1)] = [bicep_string(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", m.group(2))]
    return {
        "path": path,
        "text": text,
        "params": params,
        "resources": resources,
        "modules": modules,
        "outputs": outputs,
        "variables": variables,
    }


def compare_template(bicep: dict, arm: dict, label: str) -> None:
    where = f"{rel(bicep['path'])} vs azuredeploy.json{' ' + label if label else ''}"
    arm_params = arm.get("parameters", {})
    if set(bicep["params"]) != set(arm_params):
        problem(
            f"{where}: parameters differ: only in Bicep {sorted(set(bicep['params']) - set(arm_params))},"
            f" only in ARM {sorted(set(arm_params) - set(bicep['params']))}"
        )
    for name in sorted(set(bicep["params"]) & set(arm_params)):
        b, a = bicep["params"][name], arm_params[name]
        if b["type"] != a.get("type"):
            problem(f"{where}: parameter {name}: type {b['type']} in Bicep, {a.get('type')} in ARM")
        for key in ("defaultValue", "allowedValues", "minValue", "maxValue", "minLength", "maxLength"):
            if b.get(key) != a.get(key):
                problem(f"{where}: parameter {name}: {key} {b.get(key)!r} in Bicep, {a.get(key)!r} in ARM")

    arm_resources = arm.get("resources", [])
    bicep_set = Counter((t, v, c) for t, v, c, _ in bicep["resources"])
    for _, _, conditional in bicep["modules"]:
        bicep_set[(MODULE_TYPE, MODULE_API_VERSION, conditional)] += 1
    arm_set = Counter((r.get("type"), r.get("apiVersion"), "condition" in r) for r in arm_resources)
    for key in sorted(set(bicep_set) | set(arm_set), key=str):
        if bicep_set[key] != arm_set[key]:
            type_, api, conditional = key
            kind = "conditional " if conditional else ""
            problem(
                f"{where}: {kind}{type_}@{api}: {bicep_set[key]} in Bicep, {arm_set[key]} in ARM"
            )

    arm_outputs = {n: o.get("type", "").lower() for n, o in arm.get("outputs", {}).items()}
    bicep_outputs = {n: t.lower() for n, t in bicep["outputs"].items()}
    if arm_outputs != bicep_outputs:
        problem(f"{where}: outputs differ: Bicep {bicep_outputs}, ARM {arm_outputs}")

    nested = [r for r in arm_resources if r.get("type") == MODULE_TYPE]
    if len(nested) != len(bicep["modules"]):
        problem(f"{where}: {len(bicep['modules'])} modules in Bicep, {len(nested)} nested deployments in ARM")
        return
    for (symbol, module_path, _), resource in zip(bicep["modules"], nested):
        if not module_path.exists():
            problem(f"{where}: module {symbol} points at {module_path}, which does not exist")
            continue
        module = parse_bicep(module_path)
        inner = resource.get("properties", {}).get("template", {})
        compare_template(module, inner, f"{label}/nested({symbol})")
        body = re.search(rf"^module\s+{symbol}\b.*?^\}}", bicep["text"], re.M | re.S)
        passed = set(re.findall(r"^\s{4}(\w+)\s*:", body.group(0), re.M)) if body else set()
        arm_passed = set(resource.get("properties", {}).get("parameters", {}))
        if passed != arm_passed:
            problem(f"{where}: module {symbol} passes {sorted(passed)} in Bicep, {sorted(arm_passed)} in ARM")


# ---------------------------------------------------------------------------------------------
# 4. Filter and role against each other and the code
# ---------------------------------------------------------------------------------------------


def resolve(value, template: dict):
    if isinstance(value, str):
        m = re.fullmatch(r"\[variables\('([^']+)'\)\]", value)
        if m:
            return template.get("variables", {}).get(m.group(1))
    return value


def flatten_resources(template: dict):
    for resource in template.get("resources", []):
        yield resource, template
        if resource.get("type") == MODULE_TYPE:
            inner = resource.get("properties", {}).get("template")
            if isinstance(inner, dict):
                yield from flatten_resources(inner)


def arm_filter(template: dict) -> tuple[list, list]:
    subscriptions = [r for r, _ in flatten_resources(template) if r.get("type") == EVENT_SUBSCRIPTION_TYPE]
    if len(subscriptions) != 1:
        problem(f"azuredeploy.json: expected one {EVENT_SUBSCRIPTION_TYPE}, found {len(subscriptions)}")
        return [], []
    flt = subscriptions[0].get("properties", {}).get("filter", {})
    values = []
    advanced = flt.get("advancedFilters", [])
    for entry in advanced:
        resolved = resolve(entry.get("values"), template)
        if not isinstance(resolved, list):
            problem(f"azuredeploy.json: advanced filter values do not resolve to a list: {entry.get('values')}")
            continue
        values.extend(resolved)
    if len(advanced) != 1 or advanced[0].get("operatorType") != "StringIn" or advanced[0].get("key") != "data.operationName":
        problem("azuredeploy.json: the event subscription needs exactly one StringIn filter on data.operationName")
    types = resolve(flt.get("includedEventTypes"), template)
    return values, types if isinstance(types, list) else []


def bicep_filter(bicep: dict) -> tuple[list, list]:
    m = re.search(
        rf"^resource\s+\w+\s+'{re.escape(EVENT_SUBSCRIPTION_TYPE)}@.*?^\}}", bicep["text"], re.M | re.S
    )
    if not m:
        problem(f"main.bicep: no {EVENT_SUBSCRIPTION_TYPE} resource")
        return [], []
    body = m.group(0)

    def list_of(key: str) -> list:
        found = re.search(rf"\b{key}:\s*(\w+|\[.*?\])", body, re.S)
        if not found:
            problem(f"main.bicep: the event subscription has no {key}")
            return []
        ref = found.group(1)
        if ref.startswith("["):
            return [bicep_string(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", ref)]
        if ref not in bicep["variables"]:
            problem(f"main.bicep: {key} refers to {ref}, which is not a list variable")
            return []
        return bicep["variables"][ref]

    return list_of("values"), list_of("includedEventTypes")


def event_types_for(operations: list) -> set:
    types = set()
    for operation in operations:
        for suffix, event_type in EVENT_TYPE_OF_SUFFIX.items():
            if operation.lower().endswith(suffix):
                types.add(event_type)
                break
        else:
            problem(f"cannot tell the Event Grid event type of ARM operation {operation}")
    return types


def check_filters_and_role(template: dict, bicep: dict) -> None:
    arm_values, arm_types = arm_filter(template)
    bicep_values, bicep_types = bicep_filter(bicep)
    if arm_values != bicep_values:
        problem(f"advanced filter values differ: main.bicep {bicep_values}, azuredeploy.json {arm_values}")
    if arm_types != bicep_types:
        problem(f"included event types differ: main.bicep {bicep_types}, azuredeploy.json {arm_types}")
    if len(arm_values) > ADVANCED_FILTER_LIMIT:
        problem(f"Event Grid allows {ADVANCED_FILTER_LIMIT} advanced filter values; the template has {len(arm_values)}")
    if len(set(v.lower() for v in arm_values)) != len(arm_values):
        problem(f"advanced filter values repeat (StringIn ignores case): {arm_values}")
    if set(arm_types) != event_types_for(arm_values):
        problem(
            f"included event types {sorted(arm_types)} do not match the operations' kinds"
            f" {sorted(event_types_for(arm_values))} (write -> ResourceWriteSuccess, action ->"
            " ResourceActionSuccess)"
        )

    roles = [r for r, _ in flatten_resources(template) if r.get("type") == ROLE_DEFINITION_TYPE]
    if len(roles) != 1:
        problem(f"azuredeploy.json: expected one custom role definition, found {len(roles)}")
        return
    permissions = roles[0].get("properties", {}).get("permissions", [])
    actions = [a for p in permissions for a in p.get("actions", [])]
    for p in permissions:
        for key in ("notActions", "dataActions", "notDataActions"):
            if p.get(key):
                problem(f"azuredeploy.json: the custom role has {key} {p.get(key)}; it should have none")
    if any("*" in a for a in actions):
        problem(f"azuredeploy.json: the custom role has wildcard actions {actions}")
    module_text = "".join(
        parse_bicep(path)["text"] for _, path, _ in bicep["modules"] if path.exists()
    )
    bicep_actions = []
    m = re.search(r"\bactions:\s*\[(.*?)\]", module_text, re.S)
    if m:
        bicep_actions = [bicep_string(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", m.group(1))]
    if bicep_actions != actions:
        problem(f"custom role actions differ: Bicep {bicep_actions}, azuredeploy.json {actions}")


def check_parameters_example(template: dict) -> None:
    try:
        example = json.loads(PARAMETERS_EXAMPLE.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        problem(f"{rel(PARAMETERS_EXAMPLE)}: {e}")
        return
    validate_schema(example, PARAMETERS_SCHEMA, PARAMETERS_EXAMPLE)
    declared = template.get("parameters", {})
    for name, entry in example.get("parameters", {}).items():
        if name not in declared:
            problem(f"{rel(PARAMETERS_EXAMPLE)}: {name} is not a template parameter")
            continue
        allowed = declared[name].get("allowedValues")
        if allowed is not None and entry.get("value") not in allowed:
            problem(f"{rel(PARAMETERS_EXAMPLE)}: {name} = {entry.get('value')!r} is not one of {allowed}")
        if declared[name].get("type") in ("securestring", "secureObject") and entry.get("value"):
            problem(f"{rel(PARAMETERS_EXAMPLE)}: {name} is secure: keep secrets out of the example file")


def main() -> int:
    try:
        template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"check.py: cannot read {rel(TEMPLATE)}: {e}", file=sys.stderr)
        return 1
    validate_schema(template, TEMPLATE_SCHEMA, TEMPLATE)
    check_template_consistency(template, "")
    bicep = parse_bicep(BICEP)
    compare_template(bicep, template, "")
    check_filters_and_role(template, bicep)
    check_parameters_example(template)

    resources = list(flatten_resources(template))
    if problems:
        for message in problems:
            print(f"FAIL {message}", file=sys.stderr)
        print(f"infra/azure: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"infra/azure: OK: azuredeploy.json matches its schema and main.bicep"
        f" ({len(template.get('parameters', {}))} parameters, {len(resources)} resources"
        f" including nested, {len(template.get('outputs', {}))} outputs), and both declare the same"
        " Event Grid filter and custom role"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
