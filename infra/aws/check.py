#!/usr/bin/env python3
"""Offline checks that infra/aws/template.yaml deploys the way `sam deploy` deploys it.

cfn-lint alone does not prove that: it lints the template without the SAM transform that
`sam deploy` asks CloudFormation to run. So this script:

1. checks that the function's CodeUri is a literal local path (the only kind `sam package` and
   `sam deploy` upload) and that the jar it names exists once built;
2. rewrites that path to s3://BUCKET/KEY, as `sam package` leaves the template;
3. runs the SAM transform (the samtranslator library that comes with cfn-lint, the code
   CloudFormation's AWS::Serverless-2016-10-31 transform runs) on it in every mode and buffer
   setting, and checks what it produces: the function and its alias only in function mode, with
   SnapStart read from the Region mapping;
4. checks that the SnapStart mapping lists every Region cfn-lint knows, so that the template
   deploys in each of them (`cfn-lint -t infra/aws/template.yaml --regions ALL_REGIONS`, run by
   .ci/run, checks each value).

Usage: python3 infra/aws/check.py   (exit 0: all good; 1: problems, each printed)
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

from cfnlint.decode import decode
from cfnlint.helpers import REGIONS
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template.yaml"
FUNCTION = "CredWatchFunction"
PACKAGED_CODE_URI = "s3://credwatch-artifacts/credwatch-aws-lambda.jar"


class NoManagedPolicies:
    """The template names no AWS managed policy, so the transform never needs to look one up."""

    def load(self) -> dict[str, str]:
        return {}


def load_template() -> dict:
    template, matches = decode(str(TEMPLATE))
    if matches or template is None:
        sys.exit(f"{TEMPLATE}: cannot be read: {[str(m) for m in matches]}")
    return template


def check_code_uri(template: dict, problems: list[str]) -> None:
    code_uri = template["Resources"][FUNCTION]["Properties"].get("CodeUri")
    if not isinstance(code_uri, str) or code_uri.startswith("s3://"):
        problems.append(
            f"{FUNCTION}.CodeUri must be a literal local path for `sam package` to upload, not {code_uri!r}"
        )
        return
    jar = (HERE / code_uri).resolve()
    if not jar.is_file():
        problems.append(
            f"{FUNCTION}.CodeUri names {jar}, which does not exist: build it with"
            " mvn -B -pl aws-lambda -am package -DskipTests"
        )


def packaged(template: dict) -> dict:
    """The template as `sam package` leaves it: local code paths replaced by S3 URIs."""
    result = copy.deepcopy(template)
    result["Resources"][FUNCTION]["Properties"]["CodeUri"] = PACKAGED_CODE_URI
    return result


def check_transform(template: dict, problems: list[str]) -> None:
    for mode in ("function", "forwarder"):
        for buffered in ("false", "true"):
            parameters = {"Mode": mode, "UseSqsBuffer": buffered}
            label = f"Mode={mode} UseSqsBuffer={buffered}"
            try:
                output = transform(packaged(template), parameters, NoManagedPolicies())
            except InvalidDocumentException as invalid:
                problems.extend(f"SAM transform ({label}): {cause.message}" for cause in invalid.causes)
                continue
            resources = output["Resources"]
            functions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Function"]
            aliases = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Alias"]
            if len(functions) != 1 or len(aliases) != 1:
                problems.append(
                    f"SAM transform ({label}): expected one function and its alias 'live', got"
                    f" {len(functions)} function(s) and {len(aliases)} alias(es)"
                )
                continue
            function = functions[0]
            if function.get("Condition") != "IsFunction":
                problems.append(f"SAM transform ({label}): the function must exist only in function mode")
            code = function["Properties"].get("Code")
            if code != {"S3Bucket": "credwatch-artifacts", "S3Key": "credwatch-aws-lambda.jar"}:
                problems.append(f"SAM transform ({label}): the function's code is {code!r}")
            snap_start = function["Properties"].get("SnapStart")
            expected = {"ApplyOn": {"Fn::FindInMap": ["SnapStartByRegion", {"Ref": "AWS::Region"}, "ApplyOn"]}}
            if snap_start != expected:
                problems.append(f"SAM transform ({label}): SnapStart is {snap_start!r}, expected {expected!r}")
            print(f"check: SAM transform ({label}): {len(resources)} resources")


def check_snap_start_regions(template: dict, problems: list[str]) -> None:
    mapping = template.get("Mappings", {}).get("SnapStartByRegion", {})
    missing = sorted(set(REGIONS) - set(mapping))
    if missing:
        problems.append(
            "Mappings.SnapStartByRegion lacks Regions cfn-lint knows, where the template would not"
            f" deploy: {', '.join(missing)}"
        )
    for region, row in sorted(mapping.items()):
        if row.get("ApplyOn") not in ("PublishedVersions", "None"):
            problems.append(f"Mappings.SnapStartByRegion.{region}.ApplyOn must be PublishedVersions or None")


def main() -> int:
    # The transform looks up the partition of the Region it runs in.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    template = load_template()
    problems: list[str] = []
    check_code_uri(template, problems)
    check_transform(template, problems)
    check_snap_start_regions(template, problems)
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    if not problems:
        print(f"check: {TEMPLATE.name}: deployable as `sam deploy` packages and transforms it")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
