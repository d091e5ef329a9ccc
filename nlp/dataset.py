"""``python -m nlp.dataset build|push`` — the annotated corpus as a Hugging Face dataset (SPEC §6).

A thin face over :mod:`nlp.adapters.hf_dataset`."""
from __future__ import annotations

import argparse
from pathlib import Path

from nlp.adapters.hf_dataset import DEFAULT_DIR, build, push
from nlp.adapters.hf_schema import DatasetError
from nlp.cli import CommandError, exit_with, run_command


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.dataset", _dataset, argv)


def _dataset(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            rows = build(args.output)
            counts = ", ".join(f"{config} {sum(map(len, splits.values()))}" for config, splits in rows.items())
            print(f"wrote {args.output} ({counts} rows)")
        else:
            print(push(args.repo_id, args.dir, args.private))
    except DatasetError as error:
        raise CommandError(str(error)) from error
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nlp.dataset",
                                     description="Build or publish the annotated corpus as a Hugging Face dataset.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="write the dataset folder from corpus/ and annotations/gold/")
    build_command.add_argument("--output", "--out", type=Path, default=DEFAULT_DIR, help="folder to write (default: dataset/)")
    push_command = commands.add_parser("push", help="publish a built folder to the Hub (token: HF_TOKEN)")
    push_command.add_argument("repo_id", help="owner/name of the dataset repository")
    push_command.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="built folder (default: dataset/)")
    push_command.add_argument("--private", action="store_true",
                              help="create the repository private (an existing one keeps its visibility)")
    return parser


if __name__ == "__main__":
    exit_with(main)
