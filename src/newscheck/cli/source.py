"""``newscheck source DOMAIN``: the rating of a publishing domain."""

from __future__ import annotations

import json
from typing import Any

import click

from newscheck.cli.app import main
from newscheck.errors import InputError

__all__ = ["source_cmd"]


def _describe(result: dict[str, Any]) -> list[str]:
    lines = [f"domain:     {result['domain']}"]
    reg = result.get("registrable_domain")
    if reg:
        uni = result.get("unicode_domain")
        lines.append(f"registrable domain: {reg}" + (f" ({uni})" if uni else ""))
    rating = result["rating"]
    if rating == "unrated":
        lines.append("rating:     unrated")
    else:
        lines.append(f"matched:    {result['matched']} ({result['match']})")
        for field in ("factuality", "bias", "types"):
            if field in rating:
                value = rating[field]["value"]
                shown = ", ".join(value) if isinstance(value, list) else value
                lines.append(f"{field + ':':<11}{shown}  [{rating[field]['list']}]")
        for rec in rating["records"]:
            detail = ", ".join(
                f"{k}={', '.join(v) if isinstance(v, list) else v}"
                for k, v in rec.items()
                if k != "list"
            )
            lines.append(f"  - {rec['list']}: {detail}")
    if result.get("note"):
        lines.append(f"note:       {result['note']}")
    return lines


@main.command("source")
@click.argument("domain")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False),
    help="CSV of your own ratings (domain,factuality,bias,types,notes); "
    "it adds to and overrides the shipped lists.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def source_cmd(domain: str, sources_file: str | None, as_json: bool) -> None:
    """Print what the source lists say about DOMAIN (a domain or URL).

    \b
    Examples:
      newscheck source https://www.example.co.uk/news/story
      newscheck source bit.ly/3xyz
      newscheck source mysite.org --sources my.csv --json
    """
    from newscheck.sources.ratings import shipped_ratings

    if not domain.strip():
        raise InputError("no domain given; pass a domain or URL, e.g. example.com")
    ratings = shipped_ratings()
    if sources_file:
        ratings = ratings.with_user_file(sources_file)
    result = ratings.lookup(domain)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(_describe(result)))
