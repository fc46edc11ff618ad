"""Mint, list and revoke API keys straight in DynamoDB (bootstrap the first admin key).

    python -m tools.keys mint --name "clerk laptop" --scope read --scope write
    python -m tools.keys list
    python -m tools.keys revoke KEY_ID

Uses the AWS credentials and ARCHIVE_TABLE of the environment (AWS_ENDPOINT_URL for moto).
Once an admin key exists, the same operations are `POST/GET /admin/keys`, `DELETE /admin/keys/{id}`.
"""
from __future__ import annotations

import json

import typer

from chalicelib.domain.access import SCOPES
from chalicelib.services import access

app = typer.Typer(help=__doc__, no_args_is_help=True, add_completion=False)


@app.command()
def mint(name: str = typer.Option(..., help="who or what the key is for"),
         scope: list[str] = typer.Option(..., help=f"one of {', '.join(SCOPES)}; repeatable")) -> None:
    """Create a key and print it — the only time it is shown."""

    record, key = access.mint(name, scope, created_by="tools.keys")
    typer.echo(json.dumps({**record, "key": key}, indent=2))


@app.command("list")
def list_keys() -> None:
    """Every key with its scopes and last use (never the secret)."""

    typer.echo(json.dumps(access.list_keys(), indent=2))


@app.command()
def revoke(key_id: str) -> None:
    """Revoke a key (API Gateway may honour a cached verdict for up to 60 s)."""

    typer.echo(json.dumps(access.revoke(key_id), indent=2))


if __name__ == "__main__":
    app()
