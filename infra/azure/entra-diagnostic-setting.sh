#!/usr/bin/env bash
# Streams the Entra ID audit logs of the whole tenant to CredWatch's Event Hub: a tenant-level
# diagnostic setting (microsoft.aadiam) named "credwatch" that sends the AuditLogs category, and
# ServicePrincipalSignInLogs (so that a new key's first sign-in follows its alert), to
# the hub `entra-audit-logs`, through the Send-only authorization rule `entra-diagnostics` that
# the template creates. Entra credential changes on applications and service principals reach
# CredWatch only this way (they are not Event Grid events).
#
# Tenant diagnostic settings are not resources of a subscription, so the Bicep/ARM template
# (a resource-group deployment) cannot create it. This script does it with `az rest`.
#
# Usage:
#   infra/azure/entra-diagnostic-setting.sh <resource-group> [--deployment NAME] [--delete]
#
#   <resource-group>     where CredWatch was deployed; the rule id and hub name are read from the
#                        outputs of its deployment
#   --deployment NAME    the deployment's name (default: credwatch, as in the README)
#   --delete             remove the "credwatch" diagnostic setting instead (uninstalling)
#
# Who can run it: a Global Administrator or Security Administrator of the Entra tenant (Microsoft
# requires one of these roles for Entra diagnostic settings), who can also list the keys of the
# authorization rule (for example Owner or Contributor of the resource group): Azure Monitor
# checks that the caller may use the rule. Sign in with `az login` and select the subscription of
# the resource group (`az account set --subscription ...`). Microsoft lists an Entra ID P1 or P2
# licence as a prerequisite for streaming activity logs.
#
# Idempotent: PUT replaces the "credwatch" setting; other diagnostic settings are left alone
# (a tenant may have at most 5).
set -euo pipefail

API_VERSION="2017-04-01"
SETTING_URL="https://management.azure.com/providers/microsoft.aadiam/diagnosticSettings/credwatch?api-version=$API_VERSION"
LIST_URL="https://management.azure.com/providers/microsoft.aadiam/diagnosticSettings?api-version=$API_VERSION"

usage() {
  cat >&2 <<'EOF'
usage: entra-diagnostic-setting.sh <resource-group> [--deployment NAME] [--delete]
  <resource-group>     where CredWatch was deployed (its deployment outputs name the hub and rule)
  --deployment NAME    the deployment's name (default: credwatch)
  --delete             remove the tenant diagnostic setting "credwatch" instead
EOF
  exit "${1:-2}"
}

die() {
  printf 'entra-diagnostic-setting: %s\n' "$*" >&2
  exit 1
}

resource_group=""
deployment="credwatch"
delete=false
while [ $# -gt 0 ]; do
  case "$1" in
    --deployment)
      [ $# -ge 2 ] || usage
      deployment="$2"
      shift
      ;;
    --delete) delete=true ;;
    -h | --help) usage 0 ;;
    -*) printf 'unknown option: %s\n' "$1" >&2; usage ;;
    *)
      [ -z "$resource_group" ] || usage
      resource_group="$1"
      ;;
  esac
  shift
done
[ -n "$resource_group" ] || usage
command -v az >/dev/null || die "the Azure CLI (az) is needed: https://learn.microsoft.com/cli/azure/install-azure-cli"

if [ "$delete" = true ]; then
  az rest --method delete --url "$SETTING_URL" --output none
  echo "Removed the Entra diagnostic setting 'credwatch'."
  exit 0
fi

output() {
  az deployment group show --resource-group "$resource_group" --name "$deployment" \
    --query "properties.outputs.$1.value" -o tsv
}
rule_id=$(output diagnosticsAuthorizationRuleId) \
  || die "cannot read deployment '$deployment' in resource group '$resource_group' (wrong subscription? use --deployment NAME)"
hub=$(output eventHubName)
if [ -z "$rule_id" ] || [ -z "$hub" ]; then
  die "deployment '$deployment' has no diagnosticsAuthorizationRuleId/eventHubName outputs: is it CredWatch's?"
fi

# Naming the hub is what lets a Send-only rule work: without eventHubName, Azure Monitor creates
# its own hub and needs Manage rights.
body=$(printf '{"properties":{"eventHubAuthorizationRuleId":"%s","eventHubName":"%s","logs":[{"category":"AuditLogs","enabled":true,"retentionPolicy":{"days":0,"enabled":false}},{"category":"ServicePrincipalSignInLogs","enabled":true,"retentionPolicy":{"days":0,"enabled":false}}]}}' \
  "$rule_id" "$hub")
az rest --method put --url "$SETTING_URL" --headers "Content-Type=application/json" \
  --body "$body" --output none
echo "Entra AuditLogs and ServicePrincipalSignInLogs now stream to Event Hub '$hub' (rule $rule_id)."
echo "Diagnostic settings of this tenant:"
az rest --method get --url "$LIST_URL" \
  --query "value[].{name: name, eventHub: properties.eventHubName, logs: join(',', properties.logs[?enabled].category)}" \
  -o table
echo "The first records arrive within about 15 minutes of an audited change."
