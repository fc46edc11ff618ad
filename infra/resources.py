"""The one declaration of the archive's AWS resources.

`render_template()` turns it into the CloudFormation that is merged into `chalice package`
output (`infra/template.json` is its committed rendering; a test keeps the two equal), and
`apply(session)` creates the very same resources through boto3 — on the local moto server and
in tests. moto's CloudFormation ignores some properties (bucket versioning, public access block,
PITR, TTL), so `apply` sets each one with its own API call: local behaviour matches AWS.

Access patterns and the keys that serve them are documented in `chalicelib/adapters/keys.py`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.api import gateway_problems
from chalicelib.config import INGEST_QUEUE

TABLE_LOGICAL_ID = "ArchiveTable"
BUCKET_LOGICAL_ID = "FilingsBucket"
QUEUE_LOGICAL_ID = "IngestQueue"
DLQ_LOGICAL_ID = "IngestDeadLetterQueue"
QUEUE_POLICY_LOGICAL_ID = "IngestQueuePolicy"
DLQ_ALARM_LOGICAL_ID = "IngestDeadLetterAlarm"

# Fixed names: the SQS trigger chalice generates names its queue, and the hand-written IAM
# policies in .chalice/ grant exactly these resources.
TABLE_NAME = "court-archive"
QUEUE_NAME = INGEST_QUEUE
BUCKET_NAME = {"Fn::Sub": "court-archive-filings-${AWS::AccountId}-${AWS::Region}"}
CHALICE_FUNCTIONS = ("APIHandler", "IngestWorker", "ApiKey")  # logical ids in chalice's output

# OCR on the AWS worker (OCR_ENGINE=textract, chalicelib/adapters/textract.py): synchronous page
# calls only, so no SNS topic or role for Textract's asynchronous jobs. Textract has no
# resource-level permissions: the hand-written policies grant these on "*".
OCR_ACTIONS = ("textract:DetectDocumentText",)

UPLOAD_PREFIX = "uploads/"
MAX_RECEIVE_COUNT = 3
VISIBILITY_TIMEOUT = 360  # ≥ 6 × the worker's 60 s timeout, as AWS recommends for SQS triggers

# Global secondary indexes: name -> (partition key attribute, sort key attribute).
INDEXES: dict[str, tuple[str, str]] = {
    "GSI1": ("GSI1PK", "GSI1SK"),  # a case's filings in docket order; API keys; audit by day
    "GSI2": ("GSI2PK", "GSI2SK"),  # cases by normalized docket number (the resolver)
    "GSI3": ("GSI3PK", "GSI3SK"),  # filings by court and filed date
}
TTL_ATTRIBUTE = "expires_at"  # idempotency records and abandoned upload reservations


def table_properties(table_name: str | None = None) -> dict[str, Any]:
    attrs = ["PK", "SK"] + [a for pair in INDEXES.values() for a in pair]
    props: dict[str, Any] = {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in attrs],
        "KeySchema": [
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": name,
                "KeySchema": [
                    {"AttributeName": pk, "KeyType": "HASH"},
                    {"AttributeName": sk, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for name, (pk, sk) in INDEXES.items()
        ],
        "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        "TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
    }
    props["TableName"] = table_name or TABLE_NAME
    return props


BUCKET_ENCRYPTION = {
    "ServerSideEncryptionConfiguration": [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}
    ]
}
PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "BlockPublicPolicy": True,
    "IgnorePublicAcls": True,
    "RestrictPublicBuckets": True,
}


def _chalice_overrides() -> dict[str, Any]:
    """Deep-merged into chalice's own resources: where the functions find the resources, and
    every answer API Gateway gives on its own (401, 403, unknown route, 413, 429…) in problem+json
    without echoing the request (chalicelib/api/gateway_problems.py)."""
    env = {
        "ARCHIVE_TABLE": {"Ref": TABLE_LOGICAL_ID},
        "ARCHIVE_BUCKET": {"Ref": BUCKET_LOGICAL_ID},
        "ARCHIVE_QUEUE_URL": {"Ref": QUEUE_LOGICAL_ID},
        "ARCHIVE_CURSOR_SECRET": {"Ref": "CursorSecret"},
    }
    out: dict[str, Any] = {
        name: {"Properties": {"Environment": {"Variables": env}}} for name in CHALICE_FUNCTIONS
    }
    for problem in gateway_problems.PROBLEMS:  # never $context.error.message: it can quote the key
        props: dict[str, Any] = {
            "RestApiId": {"Ref": "RestAPI"},
            "ResponseType": problem.response_type,
            "ResponseTemplates": {"application/json": gateway_problems.template(problem)},
            "ResponseParameters": {
                f"gatewayresponse.header.{name}": f"'{value}'" for name, value in problem.headers().items()
            },
        }
        if problem.status is not None:
            props["StatusCode"] = str(problem.status)
        out[_gateway_logical_id(problem.response_type)] = {
            "Type": "AWS::ApiGateway::GatewayResponse", "Properties": props}
    return out


def _gateway_logical_id(response_type: str) -> str:
    return "GatewayResponse" + "".join(part.title() for part in response_type.split("_"))


def render_template() -> dict[str, Any]:
    """CloudFormation for `chalice package --merge-template infra/template.json`."""
    template = _template()
    template["Resources"].update(_chalice_overrides())
    return template


def _template() -> dict[str, Any]:
    queue_arn = {"Fn::GetAtt": [QUEUE_LOGICAL_ID, "Arn"]}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Court-filing archive: originals bucket, metadata table, ingest queue.",
        "Parameters": {
            "CursorSecret": {
                "Type": "String",
                "NoEcho": True,
                "MinLength": 32,
                "Description": "HMAC secret that signs pagination cursors",
            }
        },
        "Resources": {
            TABLE_LOGICAL_ID: {
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": table_properties(),
            },
            DLQ_LOGICAL_ID: {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "QueueName": f"{QUEUE_NAME}-dlq",
                    "MessageRetentionPeriod": 1209600,
                    "SqsManagedSseEnabled": True,
                },
            },
            DLQ_ALARM_LOGICAL_ID: {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "AlarmDescription": "Filings whose processing kept failing are in the DLQ",
                    "Namespace": "AWS/SQS",
                    "MetricName": "ApproximateNumberOfMessagesVisible",
                    "Dimensions": [
                        {"Name": "QueueName", "Value": {"Fn::GetAtt": [DLQ_LOGICAL_ID, "QueueName"]}}
                    ],
                    "Statistic": "Maximum",
                    "Period": 300,
                    "EvaluationPeriods": 1,
                    "Threshold": 0,
                    "ComparisonOperator": "GreaterThanThreshold",
                    "TreatMissingData": "notBreaching",
                },
            },
            QUEUE_LOGICAL_ID: {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "QueueName": QUEUE_NAME,
                    "VisibilityTimeout": VISIBILITY_TIMEOUT,
                    "SqsManagedSseEnabled": True,
                    "RedrivePolicy": {
                        "deadLetterTargetArn": {"Fn::GetAtt": [DLQ_LOGICAL_ID, "Arn"]},
                        "maxReceiveCount": MAX_RECEIVE_COUNT,
                    },
                },
            },
            QUEUE_POLICY_LOGICAL_ID: {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [{"Ref": QUEUE_LOGICAL_ID}],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "AllowS3ObjectCreated",
                                "Effect": "Allow",
                                "Principal": {"Service": "s3.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": queue_arn,
                                "Condition": {
                                    "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
                                },
                            }
                        ],
                    },
                },
            },
            BUCKET_LOGICAL_ID: {
                "Type": "AWS::S3::Bucket",
                "DependsOn": [QUEUE_POLICY_LOGICAL_ID],
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketName": BUCKET_NAME,
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "BucketEncryption": BUCKET_ENCRYPTION,
                    "PublicAccessBlockConfiguration": PUBLIC_ACCESS_BLOCK,
                    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                    "NotificationConfiguration": {
                        "QueueConfigurations": [
                            {
                                "Event": "s3:ObjectCreated:*",
                                "Queue": queue_arn,
                                "Filter": {
                                    "S3Key": {"Rules": [{"Name": "prefix", "Value": UPLOAD_PREFIX}]}
                                },
                            }
                        ]
                    },
                },
            },
        },
        "Outputs": {
            "TableName": {"Value": {"Ref": TABLE_LOGICAL_ID}},
            "BucketName": {"Value": {"Ref": BUCKET_LOGICAL_ID}},
            "QueueUrl": {"Value": {"Ref": QUEUE_LOGICAL_ID}},
            "DeadLetterQueueUrl": {"Value": {"Ref": DLQ_LOGICAL_ID}},
        },
    }


TEMPLATE_PATH = Path(__file__).with_name("template.json")


def write_template(path: Path = TEMPLATE_PATH) -> None:
    path.write_text(json.dumps(render_template(), indent=2) + "\n")


def apply(session: Any, table_name: str, bucket_name: str, queue_name: str) -> dict[str, str]:
    """Create every declared resource through boto3 (moto locally); returns names and URLs.

    Idempotent: resources that already exist are left as they are.
    """
    ddb = session.client("dynamodb")
    s3 = session.client("s3")
    sqs = session.client("sqs")
    props = table_properties(table_name)
    try:
        ddb.create_table(
            TableName=table_name,
            BillingMode=props["BillingMode"],
            AttributeDefinitions=props["AttributeDefinitions"],
            KeySchema=props["KeySchema"],
            GlobalSecondaryIndexes=props["GlobalSecondaryIndexes"],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            SSESpecification={"Enabled": True},
        )
        ddb.get_waiter("table_exists").wait(TableName=table_name)
        ddb.update_continuous_backups(
            TableName=table_name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
        ddb.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
        )
    except ddb.exceptions.ResourceInUseException:
        pass

    dlq_url = sqs.create_queue(QueueName=f"{queue_name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    queue_url = sqs.create_queue(
        QueueName=queue_name,
        Attributes={
            "VisibilityTimeout": str(VISIBILITY_TIMEOUT),
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": MAX_RECEIVE_COUNT}
            ),
        },
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]

    region = session.region_name or "us-east-1"
    try:
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket_name)
        else:
            s3.create_bucket(
                Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": region}
            )
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
    s3.put_bucket_versioning(Bucket=bucket_name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=bucket_name,
        ServerSideEncryptionConfiguration={  # the S3 API spells the CFN property differently
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                 "BucketKeyEnabled": True}
            ]
        },
    )
    s3.put_public_access_block(
        Bucket=bucket_name, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK
    )
    s3.put_bucket_notification_configuration(
        Bucket=bucket_name,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {
                        "Key": {"FilterRules": [{"Name": "prefix", "Value": UPLOAD_PREFIX}]}
                    },
                }
            ]
        },
    )
    return {
        "table_name": table_name,
        "bucket_name": bucket_name,
        "queue_url": queue_url,
        "queue_arn": queue_arn,
        "dlq_url": dlq_url,
    }


if __name__ == "__main__":
    write_template()
    print(f"wrote {TEMPLATE_PATH}")
