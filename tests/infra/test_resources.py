"""The one resource declaration: rendered for CloudFormation, applied to moto, linted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from infra import resources

ROOT = Path(__file__).resolve().parents[2]


def test_committed_template_is_the_rendering_of_the_declaration():
    committed = json.loads((ROOT / "infra" / "template.json").read_text())
    assert committed == json.loads(json.dumps(resources.render_template())), (
        "infra/template.json is stale: run `make template`"
    )


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    chalice = Path(sys.executable).with_name("chalice")
    subprocess.run(
        [str(chalice), "package", "--stage", "prod", "--merge-template", "infra/template.json", str(out)],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=600,
    )
    return out / "sam.json"


def test_chalice_package_with_merge_template_passes_cfn_lint(packaged):
    lint = Path(sys.executable).with_name("cfn-lint")
    result = subprocess.run([str(lint), str(packaged)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_packaged_bucket_is_private_versioned_encrypted_and_notifies_the_queue(packaged):
    res = json.loads(packaged.read_text())["Resources"]
    bucket = res["FilingsBucket"]["Properties"]
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert all(bucket["PublicAccessBlockConfiguration"][k] for k in (
        "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
    queue_conf = bucket["NotificationConfiguration"]["QueueConfigurations"][0]
    assert queue_conf["Event"] == "s3:ObjectCreated:*"
    assert queue_conf["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]


def test_packaged_queue_redrives_to_the_dead_letter_queue(packaged):
    res = json.loads(packaged.read_text())["Resources"]
    redrive = res["IngestQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["IngestDeadLetterQueue", "Arn"]}
    assert 1 <= redrive["maxReceiveCount"] <= 10
    # the worker's trigger names the queue the template declares
    events = res["IngestWorker"]["Properties"]["Events"]
    (source,) = events.values()
    assert source["Type"] == "SQS"
    assert resources.QUEUE_NAME in json.dumps(source["Properties"]["Queue"])
    # functions learn resource names from the template, not from hand-kept strings
    env = res["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["ARCHIVE_BUCKET"] == {"Ref": "FilingsBucket"}


def test_hand_written_policies_grant_what_the_code_calls():
    policy = json.loads((ROOT / ".chalice" / "policy-prod.json").read_text())
    actions = {a for s in policy["Statement"] for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
    for needed in ("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem",
                   "s3:PutObject", "s3:GetObject", "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"):
        assert needed in actions
    assert not any("Scan" in a for a in actions), "no role may scan the table"
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    assert config["autogen_policy"] is False


def test_every_stage_may_call_the_ocr_engine_it_is_configured_with():
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    for stage, settings in config["stages"].items():
        policy = json.loads((ROOT / ".chalice" / settings["iam_policy_file"]).read_text())
        actions = {a for s in policy["Statement"] for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}
        assert settings["environment_variables"]["OCR_ENGINE"] in ("textract", "off"), stage
        assert set(resources.OCR_ACTIONS) <= actions, stage


def test_apply_sets_what_moto_cloudformation_would_ignore(aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    bucket = os.environ["ARCHIVE_BUCKET"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    pab = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(pab.values())
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    table = os.environ["ARCHIVE_TABLE"]
    ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == resources.TTL_ATTRIBUTE
    pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    indexes = {i["IndexName"] for i in ddb.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"]}
    assert indexes == set(resources.INDEXES)
    sqs = boto3.client("sqs", region_name="us-east-1")
    attrs = sqs.get_queue_attributes(QueueUrl=aws["queue_url"], AttributeNames=["RedrivePolicy"])["Attributes"]
    assert json.loads(attrs["RedrivePolicy"])["maxReceiveCount"] == resources.MAX_RECEIVE_COUNT


def test_apply_is_idempotent(aws):
    again = resources.apply(boto3.Session(region_name="us-east-1"), os.environ["ARCHIVE_TABLE"],
                            os.environ["ARCHIVE_BUCKET"], os.environ["ARCHIVE_QUEUE"])
    assert again["queue_url"] == aws["queue_url"]
