"""Text pipeline cost: the normalization's overhead on top of the statistical model.

Runs the same texts, in the same process, through

- bare spaCy NER (the model entnorm loads, with the same unused components left out),
- the full pipeline with that model (NER + gazetteer + spotter + document context),
- the pipeline without a model (tokenizer + gazetteer + spotter + context),

and reports words per second for each and the ratio of ``normalize()`` text by text over bare
``nlp(text)``. Then ``Normalizer.pipe`` over the texts three times over, against the same
pipeline's ``nlp.pipe`` with entnorm's component switched off. Then the overhead of entnorm's
component over spaCy's own components timed within one run (which a shared machine's drift
between runs cannot blur), for documents of 1, 4 and 16 paragraphs (the same words), and with
``--aliases N`` also over a synthetic table of N aliases layered over the bundled tables (built
once into a temporary cache). The texts are news-like paragraphs written for this benchmark
from templates, with names in the spellings that transliteration produces; each ``--texts DIR``
adds every ``*.txt`` in DIR (for example ``../shared/seeds``).

    python benchmarks/bench_text.py [--repeat 5] [--texts ../shared/seeds] [--aliases 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from entnorm import Normalizer
from entnorm.nlp import load_pipeline

sys.path.insert(0, str(Path(__file__).parent))
from bench_resolve import synthetic_table

TEMPLATES = [
    "{p1} met {p2} in {g1} on Tuesday, the {o1} reported, citing officials in {g2}.",
    "Speaking in {g1}, President {p1} said that talks with {p2} would resume after the summit.",
    "According to the {o1}, {p2} travelled to {g2} and later to {g1}; {p1} did not comment.",
    "The meeting at {l1} lasted two hours. {p1} told reporters that {g2} had made an offer.",
    "Analysts at the {o1} noted that {p2}'s visit to {g1} was the first since the war.",
]
PEOPLE = [
    "Mun Chzhe In",
    "Kim Chen Yn",
    "Moon Jae-in",
    "Kim Jong Un",
    "Mike Pompeyo",
    "Stiven Bigan",
    "Donald Trump",
    "Kim Yo Jong",
    "Sergei Lavrov",
    "Valentina Matvienko",
]
PLACES = ["Pkhenyan", "Seoul", "Washington", "Moskva", "Beijing", "Tokyo", "Singapore", "Pusan"]
ORGS = ["Korean Central News Agency", "Yonhap", "RIA Novosti", "United Nations", "Reuters"]
LOCS = ["Panmunjom", "Pkhanmundzhom", "the Korean Peninsula"]  # fmt: skip


def generated_texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        sentences = [
            rng.choice(TEMPLATES).format(
                p1=rng.choice(PEOPLE),
                p2=rng.choice(PEOPLE),
                g1=rng.choice(PLACES),
                g2=rng.choice(PLACES),
                o1=rng.choice(ORGS),
                l1=rng.choice(LOCS),
            )
            for _ in range(rng.randint(8, 20))
        ]
        texts.append(" ".join(sentences))
    return texts


def timed(runs: dict[str, tuple], texts: list[str], repeat: int) -> dict[str, float]:
    """Best seconds of each run (name: (function, normalizer or None)) over the texts; the runs
    alternate within each repeat, so that the machine's drift reaches all of them alike."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, (fn, normalizer) in runs.items():
            if normalizer is not None:
                # Each run starts cold: a repeat must not be served by the last run's lookups.
                normalizer.clear_cache()
            t = time.perf_counter()
            for text in texts:
                fn(text)
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def per_component(normalizer: Normalizer, texts: list[str], repeat: int) -> dict[str, float]:
    """Seconds in the tokenizer and in each component of one pipeline run, best of ``repeat``.

    Timing the parts of the same run makes the overhead ratio immune to the machine's drift
    between two separate runs, which on a shared 2-core machine is as large as the overhead.
    """
    nlp = normalizer.nlp
    best: dict[str, float] = {}
    for _ in range(repeat):
        normalizer.clear_cache()
        spent = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
        for text in texts:
            t = time.perf_counter()
            doc = nlp.make_doc(text)
            spent["tokenizer"] += time.perf_counter() - t
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                doc = proc(doc)
                spent[name] += time.perf_counter() - t
        if sum(spent.values()) < sum(best.values() or [float("inf")]):
            best = spent
    return best


def piped(normalizer: Normalizer, texts: list[str], repeat: int) -> tuple[float, float]:
    """Best seconds of ``Normalizer.pipe`` over the texts, and of the same pipeline's
    ``nlp.pipe`` with entnorm's component switched off, alternating; the lookup cache is
    cleared before each of entnorm's runs (within a run, the texts' later sightings of a name
    find it remembered, as in a corpus)."""
    nlp, best = normalizer.nlp, [float("inf"), float("inf")]
    for _ in range(repeat):
        normalizer.clear_cache()
        t = time.perf_counter()
        list(normalizer.pipe(texts))
        best[0] = min(best[0], time.perf_counter() - t)
        with nlp.select_pipes(disable=["entity_normalizer"]):
            t = time.perf_counter()
            list(nlp.pipe(texts))
            best[1] = min(best[1], time.perf_counter() - t)
    return best[0], best[1]


def overhead(normalizer: Normalizer, texts: list[str], repeat: int) -> float:
    """entnorm's component time over spaCy's components' time, within the same runs."""
    parts = per_component(normalizer, texts, repeat)
    ours = parts.pop("entity_normalizer")
    return ours / sum(parts.values())


def joined(texts: list[str], k: int) -> list[str]:
    """The texts as documents of ``k`` paragraphs each."""
    return ["\n\n".join(texts[i : i + k]) for i in range(0, len(texts), k)]


def layered(n: int, directory: Path) -> Normalizer:
    """A normalizer over a synthetic table of ``n`` aliases layered over the bundled tables."""
    table = synthetic_table(n)
    path = directory / f"synthetic-{n}.yaml"
    rows = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
            for e in table.entities]  # fmt: skip
    path.write_text(yaml.safe_dump({"entities": rows}, allow_unicode=True), "utf-8")
    return Normalizer([path], include_bundled=True, model="auto")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; best kept")
    parser.add_argument("--docs", type=int, default=48, help="generated texts")
    parser.add_argument("--texts", type=Path, action="append", default=[],
                        help="a directory of *.txt to add (repeatable)")  # fmt: skip
    parser.add_argument("--aliases", type=int, nargs="*", default=[],
                        help="also measure over synthetic tables of these sizes")  # fmt: skip
    args = parser.parse_args()

    generated = generated_texts(args.docs)
    extra = [p.read_text("utf-8") for d in args.texts for p in sorted(d.glob("*.txt"))]
    texts = generated + extra
    words = sum(len(t.split()) for t in texts)

    bare_ner = load_pipeline("auto")
    with_model = Normalizer(model="auto")
    without = Normalizer(model="none")
    for warm in (bare_ner, with_model.normalize, without.normalize):
        warm(texts[0])

    model_name = f"{bare_ner.meta['lang']}_{bare_ner.meta['name']}"
    runs = {
        f"bare spaCy NER ({model_name}), nlp(text)": (bare_ner, None),
        "entnorm with the model, normalize(text)": (with_model.normalize, with_model),
        "entnorm without a model": (without.normalize, without),
    }
    seconds = timed(runs, texts, args.repeat)
    print(f"{len(texts)} texts, {words} words; best of {args.repeat} runs")
    print(f"{'run':<50} {'seconds':>8} {'words/s':>9}")
    for label, s in seconds.items():
        print(f"{label:<50} {s:>8.3f} {words / s:>9.0f}")
    ner_s, full_s, _ = seconds.values()
    print(f"normalize(text) / nlp(text): {full_s / ner_s:.3f} (goal: at most 1.10)")

    # The texts three times over, through nlp.pipe: how a corpus with repeated names runs.
    ours, bare = piped(with_model, texts * 3, args.repeat)
    print(
        f"Normalizer.pipe over the texts three times: {ours:.3f} s; the same nlp.pipe "
        f"without entity_normalizer: {bare:.3f} s; ratio {ours / bare:.3f} (goal: at most 1.05)"
    )
    print("entity_normalizer's time over spaCy's, within the same runs (goal: at most +5%):")
    print(f"{'tables':<28} {'names':>9} " + " ".join(f"{f'{k} par.':>9}" for k in (1, 4, 16)))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ENTNORM_CACHE_DIR"] = tmp
        tables = [("bundled", lambda: with_model)]
        tables += [(f"bundled + synthetic {n}", lambda n=n: layered(n, Path(tmp)))
                   for n in args.aliases]  # fmt: skip
        for label, make in tables:
            normalizer = make()
            normalizer.normalize(texts[0])
            names = len(normalizer.resolver.index.rows)
            ratios = [overhead(normalizer, joined(generated, k) + extra, args.repeat)
                      for k in (1, 4, 16)]  # fmt: skip
            print(f"{label:<28} {names:>9} " + " ".join(f"{r:>+9.1%}" for r in ratios),
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
