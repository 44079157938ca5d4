#!/usr/bin/env bash
# Grants CredWatch's function identity the Microsoft Graph application permissions that its Entra
# remediators need (removing an added client secret, certificate or federated credential from an
# application or service principal, and, with --all, removing an added owner), and AuditLog.Read.All,
# with which each Entra record is confirmed in Entra's own audit log (Graph directoryAudits/{id})
# before any action: a record on the Event Hub alone is never acted on.
#
# Graph application permissions are app role assignments in Entra ID, not Azure resources, so the
# Bicep/ARM template cannot grant them. This script does it with `az rest`:
#   POST https://graph.microsoft.com/v1.0/servicePrincipals/{principal-id}/appRoleAssignments
#
# Usage:
#   infra/azure/grant-graph-permissions.sh <function-app-principal-id> [--all]
#
#   <function-app-principal-id>  the object id of the function app's managed identity: the
#                                deployment output `principalId`
#   (default)                    Application.ReadWrite.OwnedBy: least privilege; CredWatch can then
#                                remediate only applications and service principals that its
#                                identity owns (see infra/azure/README.md)
#   --all                        Application.ReadWrite.All: remediate every application and
#                                service principal in the tenant, and remove added owners
#
# Who can run it: a Global Administrator or Privileged Role Administrator (granting a Microsoft
# Graph application permission is tenant-wide admin consent), signed in with `az login`.
# No other permission is granted.
#
# Idempotent: an existing assignment is reported and left alone. It never removes a permission;
# it tells you when the identity holds another Graph permission, so you can decide.
set -euo pipefail

GRAPH="https://graph.microsoft.com/v1.0"
# The application id of Microsoft Graph: the same in every tenant.
GRAPH_APP_ID="00000003-0000-0000-c000-000000000000"

usage() {
  cat >&2 <<'EOF'
usage: grant-graph-permissions.sh <function-app-principal-id> [--all]
  <function-app-principal-id>  the deployment output principalId (the managed identity's object id)
  (default)                    grant Microsoft Graph Application.ReadWrite.OwnedBy (least privilege)
  --all                        grant Application.ReadWrite.All instead (every app; owner removal)
EOF
  exit "${1:-2}"
}

die() {
  printf 'grant-graph-permissions: %s\n' "$*" >&2
  exit 1
}

principal=""
role="Application.ReadWrite.OwnedBy"
while [ $# -gt 0 ]; do
  case "$1" in
    --all) role="Application.ReadWrite.All" ;;
    -h | --help) usage 0 ;;
    -*) printf 'unknown option: %s\n' "$1" >&2; usage ;;
    *)
      [ -z "$principal" ] || usage
      principal="$1"
      ;;
  esac
  shift
done
[ -n "$principal" ] || usage
[[ "$principal" =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]] \
  || die "'$principal' is not an object id (a GUID): pass the deployment output principalId"
command -v az >/dev/null || die "the Azure CLI (az) is needed: https://learn.microsoft.com/cli/azure/install-azure-cli"

# The identity's service principal: fails clearly when the id is an app id or from another tenant.
identity_name=$(az rest --method get --url "$GRAPH/servicePrincipals/$principal" \
  --query displayName -o tsv) \
  || die "no service principal with object id $principal in this tenant (az login to the right tenant?)"

# Microsoft Graph's service principal in this tenant, and the id of the app role by its value.
graph_sp=$(az rest --method get --url "$GRAPH/servicePrincipals(appId='$GRAPH_APP_ID')" \
  --query id -o tsv)
[ -n "$graph_sp" ] || die "cannot find Microsoft Graph's service principal"
# Each app role by its value, granted unless the identity holds it already.
grant() {
  local value="$1" id assigned body
  id=$(az rest --method get --url "$GRAPH/servicePrincipals/$graph_sp" \
    --query "appRoles[?value=='$value' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  [ -n "$id" ] || die "Microsoft Graph has no application permission $value"
  assigned=$(az rest --method get --url "$GRAPH/servicePrincipals/$principal/appRoleAssignments" \
    --query "length(value[?resourceId=='$graph_sp' && appRoleId=='$id'])" -o tsv)
  if [ "$assigned" != "0" ]; then
    echo "$identity_name ($principal) already has Microsoft Graph $value."
  else
    body=$(printf '{"principalId":"%s","resourceId":"%s","appRoleId":"%s"}' \
      "$principal" "$graph_sp" "$id")
    az rest --method post --url "$GRAPH/servicePrincipals/$principal/appRoleAssignments" \
      --headers "Content-Type=application/json" --body "$body" --output none
    echo "Granted Microsoft Graph $value to $identity_name ($principal)."
  fi
  granted_ids="$granted_ids $id"
}
granted_ids=""
grant "$role"
grant "AuditLog.Read.All"

# Other Graph permissions the identity holds (for example All left over from an earlier --all).
others=$(az rest --method get --url "$GRAPH/servicePrincipals/$principal/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv)
for other in $others; do
  case " $granted_ids " in *" $other "*) continue ;; esac
  value=$(az rest --method get --url "$GRAPH/servicePrincipals/$graph_sp" \
    --query "appRoles[?id=='$other'].value | [0]" -o tsv)
  echo "Note: it also holds Microsoft Graph $value. Remove it if it is not needed:"
  echo "  az rest --method delete --url \"$GRAPH/servicePrincipals/$principal/appRoleAssignments/<assignment-id>\""
  echo "  (list the ids: az rest --method get --url \"$GRAPH/servicePrincipals/$principal/appRoleAssignments\")"
done

if [ "$role" = "Application.ReadWrite.OwnedBy" ]; then
  cat <<EOF
With Application.ReadWrite.OwnedBy, CredWatch can remediate only the applications (and their
service principals) that this identity owns. Make it an owner of each application to protect:
  az ad app owner add --id <application-app-id> --owner-object-id $principal
Owner removal (entra_owner_added) always needs --all.
EOF
fi
echo "Managed-identity tokens are cached for up to 24 hours: the permission may take that long to apply."
