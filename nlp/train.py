"""``python -m nlp.train [NAME] [--output PATH]`` — train a paragraph classifier on the whole gold
standard and save it with a model card.

The model is a TF-IDF + linear candidate of :mod:`nlp.learn.candidates`, exported to the JSON that
:mod:`nlp.paragraphs.linear_model` predicts from without scikit-learn; ``python -m nlp.tag --model PATH``
uses it. Its scores are calibrated by temperature scaling: the temperature is fitted on the
held-out scores of a leave-one-document-out run, so it reflects documents the model has not
seen. The default NAME and the shipped model (``nlp/paragraphs/data/paragraph_model.json``) are the best
exportable candidate of ``python -m nlp.compare``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.pipeline import Pipeline

from nlp.cli import CommandError, exit_with, run_command
from nlp.cli.atomic_output import write_atomically
from nlp.cli.targets import check_output_file
from nlp.learn.candidates import CANDIDATES, candidate
from nlp.learn.comparison import evaluate_candidate
from nlp.learn.model_card import model_card
from nlp.learn.training import load_gold_paragraphs, train

DEFAULT_CANDIDATE = "rules-calibrated"


def main(argv: list[str] | None = None) -> int:
    return run_command("nlp.train", _train, argv)


def _train(argv: list[str] | None) -> int:
    trainable = [name for name in CANDIDATES if isinstance(candidate(name), Pipeline)]
    parser = argparse.ArgumentParser(prog="python -m nlp.train", description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("name", nargs="?", default=DEFAULT_CANDIDATE, metavar="NAME",
                        help=f"candidate to train: NAME or NAME+section (default: {DEFAULT_CANDIDATE}); "
                             f"one of {', '.join(trainable)}")
    parser.add_argument("--output", "--out", type=Path, metavar="PATH",
                        help="model JSON to write (default: NAME.json); the card goes beside it as .md")
    args = parser.parse_args(argv)
    if args.name.removesuffix("+section") not in trainable:
        known = args.name.removesuffix("+section") in CANDIDATES
        raise CommandError(f"{args.name}: {'not a TF-IDF candidate, cannot be exported' if known else 'unknown candidate'}"
                           f" (trainable: {', '.join(trainable)})")
    out = args.output or Path(f"{args.name}.json")
    card = out.with_suffix(".md")
    if out == card:
        raise CommandError(f"{out}: the model and its card would be the same file; name the model *.json")
    for path in (out, card):
        if path.is_dir():
            raise CommandError(f"{path}: is a directory; give a file name for the model (e.g. {path / 'model.json'})")
        check_output_file(path)   # before training: a symlink, FIFO or device is refused at once
    data = load_gold_paragraphs()
    _, model, stats = train(args.name, data)
    stats["protocols"] = evaluate_candidate(args.name, data).scores
    write_atomically(out, json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n")
    write_atomically(card, model_card(model, data, stats))
    print(f"{args.name}: held-out macro-F1 {stats['macro_f1']:.3f}, accuracy {stats['accuracy']:.3f}, "
          f"temperature {stats['temperature']:.3f}; wrote {out} and {card}")
    return 0


if __name__ == "__main__":
    exit_with(main)
